package io.listgate.flows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the passwords of scheduled pulls with a key of the server ({@code $LISTGATE_HOME/keys/
 * flow-pull.key}, made at first start, readable by the server's account only), so that a flow's
 * {@code flow.yaml}, which the organization reads, never holds one in clear. AES-GCM, a fresh
 * nonce per value. Servers of a cluster share the key file.
 */
public final class FlowSecrets {

    static final String PREFIX = "v1:";
    private static final int NONCE = 12;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private FlowSecrets(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The server's key from {@code keysDir}, made there when missing. */
    public static FlowSecrets loadOrCreate(Path keysDir) {
        try {
            return load(keysDir.resolve("flow-pull.key"));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or make the flow-pull key in " + keysDir + ": " + e.getMessage(), e);
        }
    }

    private static FlowSecrets load(Path file) throws IOException {
        Path keysDir = file.getParent();
        if (!Files.exists(file)) {
            Files.createDirectories(keysDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path temp = keysDir.resolve(".flow-pull.key.tmp");
            Files.write(temp, Base64.getEncoder().encode(key), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the keys folder's ACL protects it
            }
            Files.move(temp, file);
        }
        return new FlowSecrets(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip()));
    }

    String encrypt(String plain) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The password; refused when it was not encrypted with this server's key. */
    String decrypt(String encrypted) {
        try {
            if (!encrypted.startsWith(PREFIX)) {
                throw new FlowScanner.Refused("pull: passwordEncrypted or privateKeyEncrypted was not written by ListGate;"
                        + " write password or privateKey instead");
            }
            byte[] all = Base64.getDecoder().decode(encrypted.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE));
            return new String(cipher.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new FlowScanner.Refused("pull: passwordEncrypted or privateKeyEncrypted cannot be read with this server's key;"
                    + " write password or privateKey again");
        }
    }
}
