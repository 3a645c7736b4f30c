package io.listgate.user;

import io.listgate.config.ListGateConfig;
import io.listgate.db.Database;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Organizations and users: sign-in with lockout, the users file, the first-start demo user. */
public final class UserService implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);
    public static final String DEMO_ORGANIZATION = "demo";
    public static final String DEMO_USERNAME = "demo@listgate.local";

    private final Database database;
    private final UserMapper users;
    private final PasswordHasher hasher = new PasswordHasher();
    private final ListGateConfig.LoginPolicy policy;

    public UserService(Database database, ListGateConfig.LoginPolicy policy) {
        this.database = database;
        this.users = database.mapper(UserMapper.class);
        this.policy = policy;
    }

    @Override
    public LoginAttempt authenticate(String username, String password) {
        Optional<UserRecord> found = username == null ? Optional.empty() : users.findByUsername(username);
        if (found.isEmpty()) {
            hasher.burnDecoyCheck(password);
            LOG.info("Login refused for unknown user {}", username);
            return LoginAttempt.rejected();
        }
        UserRecord user = found.get();
        LocalDateTime now = LocalDateTime.now();
        if (user.lockedUntil() != null && user.lockedUntil().isAfter(now)) {
            LOG.info("Login refused for {}: locked until {}", username, user.lockedUntil());
            return LoginAttempt.locked();
        }
        if (hasher.matches(password, user.passwordHash())) {
            if (user.failedLogins() > 0 || user.lockedUntil() != null) {
                users.recordSuccess(user.id());
            }
            return LoginAttempt.accepted(user.toOrgUser());
        }
        int failures = user.failedLogins() + 1;
        if (failures >= policy.maxFailures()) {
            users.recordFailure(user.id(), 0, now.plus(policy.lockout()));
            LOG.warn("User {} locked for {} s after {} failed logins", username, policy.lockout().toSeconds(), failures);
        } else {
            users.recordFailure(user.id(), failures, null);
            LOG.info("Login refused for {}: wrong password ({} of {})", username, failures, policy.maxFailures());
        }
        return LoginAttempt.rejected();
    }

    public Optional<Organization> organization(long id) {
        return users.findOrganizationById(id);
    }

    /** The organization's oldest user, whom its hot-folder jobs are recorded under. */
    public Optional<OrgUser> firstUserOf(long organizationId) {
        return users.firstUserOf(organizationId).map(UserRecord::toOrgUser);
    }

    /** Every organization, by name. */
    public List<Organization> organizations() {
        return users.organizations();
    }

    /** Creates what the file names and is missing, updates passwords, deletes nothing. */
    public void apply(UsersFile file) {
        database.inTransaction(() -> {
            for (UsersFile.OrganizationEntry entry : file.organizations()) {
                Organization org = ensureOrganization(entry.name());
                for (UsersFile.UserEntry user : entry.users() == null ? List.<UsersFile.UserEntry>of() : entry.users()) {
                    Optional<UserRecord> existing = users.findByUsername(user.username());
                    String hash = user.passwordHash() != null && !user.passwordHash().isEmpty()
                            ? user.passwordHash()
                            : existing.filter(e -> hasher.matches(user.password(), e.passwordHash()))
                                    .map(UserRecord::passwordHash)
                                    .orElseGet(() -> hasher.hash(user.password()));
                    if (existing.isPresent()) {
                        users.updateUser(user.username(), org.id(), hash, user.isSystemAdministrator());
                    } else {
                        users.insertUser(org.id(), user.username(), hash, user.isSystemAdministrator());
                        LOG.info("Created user {} in organization {}", user.username(), org.name());
                    }
                }
            }
            return null;
        });
    }

    /**
     * On the very first start of an empty installation: organization {@code demo} with one user.
     * Returns the generated password, which the caller shows once and nobody stores.
     */
    public Optional<String> createDemoUserIfEmpty() {
        return database.inTransaction(() -> {
            if (users.countOrganizations() > 0) {
                return Optional.empty();
            }
            Organization org = ensureOrganization(DEMO_ORGANIZATION);
            String password = generatePassword();
            users.insertUser(org.id(), DEMO_USERNAME, hasher.hash(password), false);
            return Optional.of(password);
        });
    }

    private Organization ensureOrganization(String name) {
        return users.findOrganizationByName(name).orElseGet(() -> {
            UserMapper.OrganizationInsert insert = new UserMapper.OrganizationInsert(name);
            users.insertOrganization(insert);
            LOG.info("Created organization {}", name);
            return new Organization(insert.id, name);
        });
    }

    private static String generatePassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
