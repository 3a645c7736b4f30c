package io.listgate.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.listgate.config.ConfigurationException;
import io.listgate.files.OrganizationFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The YAML file of organizations and users ({@code LISTGATE_USERS_FILE}), applied at every start:
 * creates what is missing, updates passwords, never deletes.
 */
public record UsersFile(List<OrganizationEntry> organizations) {

    public record OrganizationEntry(String name, List<UserEntry> users) {
    }

    /** Exactly one of {@code password} (plain, hashed on load) and {@code password_hash} (bcrypt). */
    public record UserEntry(String username, String password, @JsonProperty("password_hash") String passwordHash) {
        @Override
        public String toString() {
            return "UserEntry[username=" + username + "]";
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
        for (OrganizationEntry org : organizations) {
            if (org.name() == null || !OrganizationFolders.ORGANIZATION_NAME.matcher(org.name()).matches()) {
                throw new ConfigurationException("users file " + file + ": organization name '" + org.name()
                        + "' must be letters, digits, '.', '_' or '-' (it names a folder)");
            }
            for (UserEntry user : org.users() == null ? List.<UserEntry>of() : org.users()) {
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
                if (hashed && !PasswordHasher.isHash(user.passwordHash())) {
                    throw new ConfigurationException("users file " + file + ": password_hash of " + user.username()
                            + " is not a bcrypt hash");
                }
            }
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
