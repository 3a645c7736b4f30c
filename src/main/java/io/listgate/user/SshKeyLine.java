package io.listgate.user;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.listgate.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * One entry of a user's {@code ssh_keys} in the users file: an OpenSSH public key line
 * ({@code ssh-ed25519 AAAA... comment}, as in {@code authorized_keys}) and the line of the file it sits
 * on, so that a bad one is reported where the administrator can find it.
 */
@JsonDeserialize(using = SshKeyLine.Reader.class)
public record SshKeyLine(String text, int line) {

    /**
     * Refuses a line that is not a public key MINA SSHD can use, naming the user and the line.
     *
     * @throws ConfigurationException when the line does not parse
     */
    void check(Path file, String username) {
        try {
            parse();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ConfigurationException("users file " + file + " line " + line + ": ssh_keys of user " + username
                    + " is not an OpenSSH public key line (type, base64 key, optional comment, as ssh-keygen writes"
                    + " in the .pub file): " + e.getMessage());
        }
    }

    /** The key; only called after {@link #check} passed. */
    PublicKey publicKey() {
        try {
            return parse();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("ssh key on line " + line + " was checked at read time", e);
        }
    }

    private PublicKey parse() throws IOException, GeneralSecurityException {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the line is empty");
        }
        AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(text.strip());
        if (entry == null) {
            throw new IllegalArgumentException("the line is empty");
        }
        if (!entry.getLoginOptions().isEmpty()) {
            // from=, command= and the like would be ignored here: refused rather than silently dropped
            throw new IllegalArgumentException("options before the key (" + entry.getLoginOptions().keySet()
                    + ") are not supported");
        }
        PublicKey key = entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        if (key == null) {
            throw new IllegalArgumentException("unknown key type " + entry.getKeyType());
        }
        return key;
    }

    @Override
    public String toString() {
        return "SshKeyLine[line=" + line + "]";
    }

    /** Reads a plain YAML string and remembers its line (1-based, as editors count). */
    static final class Reader extends JsonDeserializer<SshKeyLine> {
        @Override
        public SshKeyLine deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            int line = parser.currentTokenLocation().getLineNr();
            return new SshKeyLine(parser.getValueAsString(), line);
        }
    }
}
