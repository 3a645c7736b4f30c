package io.listgate.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.listgate.config.ConfigurationException;
import io.listgate.files.OrganizationFolders;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The YAML file of organizations and users ({@code LISTGATE_USERS_FILE}), applied at every start:
 * creates what is missing, updates passwords, never deletes.
 */
public record UsersFile(List<OrganizationEntry> organizations) {

    public record OrganizationEntry(String name, List<UserEntry> users,
                                    @JsonProperty("oauth_clients") List<OAuthClientEntry> oauthClients,
                                    List<WebhookEntry> webhooks,
                                    @JsonProperty("scheduled_exports") List<ScheduledExportEntry> scheduledExports) {

        public OrganizationEntry(String name, List<UserEntry> users) {
            this(name, users, List.of(), List.of(), List.of());
        }

        public OrganizationEntry(String name, List<UserEntry> users, List<OAuthClientEntry> oauthClients) {
            this(name, users, oauthClients, List.of(), List.of());
        }

        public List<ScheduledExportEntry> scheduledExportsOrEmpty() {
            return scheduledExports == null ? List.of() : scheduledExports;
        }

        public List<WebhookEntry> webhooksOrEmpty() {
            return webhooks == null ? List.of() : webhooks;
        }

        public List<UserEntry> usersOrEmpty() {
            return users == null ? List.of() : users;
        }

        public List<OAuthClientEntry> oauthClientsOrEmpty() {
            return oauthClients == null ? List.of() : oauthClients;
        }
    }

    /**
     * Exactly one of {@code password} (plain, hashed on load) and {@code password_hash} (bcrypt);
     * {@code role: system_administrator} lets the user watch every organization on the admin pages;
     * {@code ssh_keys}: OpenSSH public key lines that sign the user in on SFTP (ADR 0022).
     */
    public record UserEntry(String username, String password, @JsonProperty("password_hash") String passwordHash,
                            String role, @JsonProperty("ssh_keys") List<SshKeyLine> sshKeys) {
        /** The one role there is; a user without a role belongs to its organization alone. */
        public static final String SYSTEM_ADMINISTRATOR = "system_administrator";

        public UserEntry(String username, String password, String passwordHash, String role) {
            this(username, password, passwordHash, role, List.of());
        }

        public List<SshKeyLine> sshKeysOrEmpty() {
            return sshKeys == null ? List.of() : sshKeys;
        }

        public boolean isSystemAdministrator() {
            return SYSTEM_ADMINISTRATOR.equals(role);
        }

        @Override
        public String toString() {
            return "UserEntry[username=" + username + "]";
        }
    }

    /**
     * An OAuth application of the organization: its access tokens act as {@code username}, a user of
     * the same organization. Exactly one of {@code client_secret} and {@code client_secret_hash}, and
     * of {@code refresh_token} and {@code refresh_token_hash}; hashes are SHA-256 in hex (ADR 0007).
     */
    public record OAuthClientEntry(@JsonProperty("client_id") String clientId,
                                   @JsonProperty("client_secret") String clientSecret,
                                   @JsonProperty("client_secret_hash") String clientSecretHash,
                                   @JsonProperty("refresh_token") String refreshToken,
                                   @JsonProperty("refresh_token_hash") String refreshTokenHash,
                                   String username) {
        /** Plain secrets and refresh tokens must be at least this long: SHA-256 suits only high-entropy values. */
        public static final int MIN_SECRET_LENGTH = 32;

        @Override
        public String toString() {
            return "OAuthClientEntry[client_id=" + clientId + ", username=" + username + "]";
        }
    }

    /**
     * A URL that receives a signed JSON summary of every job end of the organization; {@code secret}
     * keys the HMAC-SHA256 signature (see the notify package and ADR 0009).
     */
    public record WebhookEntry(String url, String secret) {
        /** Secrets must be at least this long to make a guessable signature key unlikely. */
        public static final int MIN_SECRET_LENGTH = 16;

        @Override
        public String toString() {
            return "WebhookEntry[url=" + url + "]";
        }
    }

    /** Each user's SFTP keys, parsed (validation at read time has made sure they parse). */
    public Map<String, List<PublicKey>> sshKeysByUser() {
        Map<String, List<PublicKey>> keys = new HashMap<>();
        for (OrganizationEntry org : organizations) {
            for (UserEntry user : org.usersOrEmpty()) {
                List<PublicKey> parsed = new ArrayList<>();
                for (SshKeyLine line : user.sshKeysOrEmpty()) {
                    parsed.add(line.publicKey());
                }
                if (!parsed.isEmpty()) {
                    keys.put(user.username(), List.copyOf(parsed));
                }
            }
        }
        return Map.copyOf(keys);
    }

    /**
     * A daily export of one database to {@code reporting/} (ADR 0023): {@code list} is its LIST_ID or its
     * name, {@code at} the time of day ({@code HH:mm} or {@code HH:mm:ss}), {@code zone} an IANA zone
     * (default UTC) in which both the time and "the day before" are reckoned.
     */
    public record ScheduledExportEntry(String list, String at, String zone) {
        static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm[:ss]");

        public LocalTime time() {
            return LocalTime.parse(at.strip(), TIME);
        }

        public ZoneId zoneId() {
            return zone == null || zone.isBlank() ? ZoneOffset.UTC : ZoneId.of(zone.strip());
        }
    }

    public UsersFile {
        organizations = organizations == null ? List.of() : List.copyOf(organizations);
    }

    public static UsersFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("users file " + file + " does not exist");
        }
        UsersFile parsed;
        try {
            parsed = new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(file.toFile(), UsersFile.class);
        } catch (IOException e) {
            throw new ConfigurationException("users file " + file + " is not valid: " + firstLine(e.getMessage()), e);
        }
        if (parsed == null) {
            return new UsersFile(List.of());
        }
        parsed.validate(file);
        return parsed;
    }

    private void validate(Path file) {
        Set<String> usernames = new HashSet<>();
        Set<String> clientIds = new HashSet<>();
        for (OrganizationEntry org : organizations) {
            if (org.name() == null || !OrganizationFolders.ORGANIZATION_NAME.matcher(org.name()).matches()) {
                throw new ConfigurationException("users file " + file + ": organization name '" + org.name()
                        + "' must be letters, digits, '.', '_' or '-' (it names a folder)");
            }
            for (UserEntry user : org.usersOrEmpty()) {
                if (user.username() == null || user.username().isBlank()) {
                    throw new ConfigurationException("users file " + file + ": a user of " + org.name() + " has no username");
                }
                if (!usernames.add(user.username())) {
                    throw new ConfigurationException("users file " + file + ": username " + user.username() + " appears twice");
                }
                boolean plain = user.password() != null && !user.password().isEmpty();
                boolean hashed = user.passwordHash() != null && !user.passwordHash().isEmpty();
                if (plain == hashed) {
                    throw new ConfigurationException("users file " + file + ": user " + user.username()
                            + " needs exactly one of password and password_hash");
                }
                if (user.role() != null && !user.isSystemAdministrator()) {
                    throw new ConfigurationException("users file " + file + ": role of " + user.username()
                            + " must be " + UserEntry.SYSTEM_ADMINISTRATOR + " or left out");
                }
                if (hashed && !PasswordHasher.isHash(user.passwordHash())) {
                    throw new ConfigurationException("users file " + file + ": password_hash of " + user.username()
                            + " is not a bcrypt hash");
                }
                for (SshKeyLine key : user.sshKeysOrEmpty()) {
                    key.check(file, user.username());
                }
            }
            for (OAuthClientEntry client : org.oauthClientsOrEmpty()) {
                validate(file, org, client, clientIds);
            }
            for (WebhookEntry webhook : org.webhooksOrEmpty()) {
                validate(file, org, webhook);
            }
            Set<String> exported = new HashSet<>();
            for (ScheduledExportEntry export : org.scheduledExportsOrEmpty()) {
                validate(file, org, export, exported);
            }
        }
    }

    private static void validate(Path file, OrganizationEntry org, ScheduledExportEntry export, Set<String> lists) {
        String where = "users file " + file + ": a scheduled export of " + org.name();
        if (export.list() == null || export.list().isBlank()) {
            throw new ConfigurationException(where + " names no list (its LIST_ID or name)");
        }
        if (!lists.add(export.list().strip())) {
            throw new ConfigurationException(where + ": list " + export.list() + " appears twice");
        }
        try {
            if (export.at() == null) {
                throw new DateTimeParseException("missing", "", 0);
            }
            export.time();
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(where + ": at '" + export.at() + "' is not a time of day (HH:mm or HH:mm:ss)");
        }
        try {
            export.zoneId();
        } catch (DateTimeException e) {
            throw new ConfigurationException(where + ": zone '" + export.zone() + "' is not a time zone (e.g. Europe/Paris)");
        }
    }

    private static void validate(Path file, OrganizationEntry org, OAuthClientEntry client, Set<String> clientIds) {
        String where = "users file " + file + ": OAuth client " + client.clientId() + " of " + org.name();
        if (client.clientId() == null || client.clientId().isBlank()) {
            throw new ConfigurationException("users file " + file + ": an OAuth client of " + org.name() + " has no client_id");
        }
        if (!clientIds.add(client.clientId())) {
            throw new ConfigurationException("users file " + file + ": client_id " + client.clientId() + " appears twice");
        }
        if (org.usersOrEmpty().stream().noneMatch(u -> u.username().equals(client.username()))) {
            throw new ConfigurationException(where + " must name a user of the same organization as username");
        }
        requireSecret(where, "client_secret", client.clientSecret(), client.clientSecretHash());
        requireSecret(where, "refresh_token", client.refreshToken(), client.refreshTokenHash());
    }

    private static void validate(Path file, OrganizationEntry org, WebhookEntry webhook) {
        String where = "users file " + file + ": webhook " + webhook.url() + " of " + org.name();
        URI uri;
        try {
            uri = webhook.url() == null ? null : new URI(webhook.url());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new ConfigurationException(where + ": url must be an absolute http:// or https:// URL");
        }
        if (webhook.secret() == null || webhook.secret().length() < WebhookEntry.MIN_SECRET_LENGTH) {
            throw new ConfigurationException(where + ": secret must be at least " + WebhookEntry.MIN_SECRET_LENGTH
                    + " random characters (e.g. openssl rand -hex 32)");
        }
    }

    private static void requireSecret(String where, String name, String plain, String hash) {
        boolean hasPlain = plain != null && !plain.isEmpty();
        boolean hasHash = hash != null && !hash.isEmpty();
        if (hasPlain == hasHash) {
            throw new ConfigurationException(where + " needs exactly one of " + name + " and " + name + "_hash");
        }
        if (hasPlain && plain.length() < OAuthClientEntry.MIN_SECRET_LENGTH) {
            throw new ConfigurationException(where + ": " + name + " must be at least "
                    + OAuthClientEntry.MIN_SECRET_LENGTH + " random characters (e.g. openssl rand -hex 32)");
        }
        if (hasHash && !hash.matches("[0-9a-f]{64}")) {
            throw new ConfigurationException(where + ": " + name + "_hash must be a SHA-256 in lower-case hex"
                    + " (e.g. printf %s \"$SECRET\" | sha256sum)");
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
