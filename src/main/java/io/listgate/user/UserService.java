package io.listgate.user;

import io.listgate.config.ListGateConfig;
import io.listgate.db.Database;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Organizations and users: sign-in with lockout, the users file, the first-start demo user. The
 * count of a user's consecutive failures lives in its row and is changed there atomically, so that
 * parallel attempts, on this server or others sharing the database, cannot get past the lockout.
 */
public final class UserService implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);
    public static final String DEMO_ORGANIZATION = "demo";
    public static final String DEMO_USERNAME = "demo@listgate.local";

    private final Database database;
    private final UserMapper users;
    private final PasswordHasher hasher = new PasswordHasher();
    private final ListGateConfig.LoginPolicy policy;
    private final AddressThrottle addresses;
    private volatile LoginObserver observer = LoginObserver.NONE;

    /** {@code addresses} counts wrong passwords per client address, whichever users they name. */
    public UserService(Database database, ListGateConfig.LoginPolicy policy, AddressThrottle addresses) {
        this.database = database;
        this.users = database.mapper(UserMapper.class);
        this.policy = policy;
        this.addresses = addresses;
    }

    /** Tells {@code loginObserver} about refused sign-ins and lockouts from now on. */
    public void observe(LoginObserver loginObserver) {
        this.observer = loginObserver;
    }

    @Override
    public LoginAttempt authenticate(String username, String password, String clientAddress) {
        LoginAttempt attempt = check(username, password, clientAddress);
        if (!attempt.isAccepted()) {
            observer.refused(attempt.status());
        }
        return attempt;
    }

    private LoginAttempt check(String username, String password, String clientAddress) {
        if (addresses.isThrottled(clientAddress)) {
            LOG.info("Login refused for {} from {}: too many failed logins from that address", username, clientAddress);
            return LoginAttempt.throttled();
        }
        Optional<UserRecord> found = username == null ? Optional.empty() : users.findByUsername(username);
        if (found.isEmpty()) {
            hasher.burnDecoyCheck(password);
            addresses.failed(clientAddress);
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
            // Checked again in the row: failures counted since the read above may have locked the user.
            if (users.recordSuccess(user.id(), now) == 0) {
                LOG.info("Login refused for {}: locked while the password was checked", username);
                return LoginAttempt.locked();
            }
            return LoginAttempt.accepted(user.toOrgUser());
        }
        addresses.failed(clientAddress);
        int failures = database.inTransaction(() -> {
            users.countFailure(user.id(), now);
            int count = users.failedLogins(user.id());
            if (count == policy.maxFailures()) {
                users.lock(user.id(), now.plus(policy.lockout()));
            }
            return count;
        });
        if (failures > policy.maxFailures()) {
            // Its password was checked before a parallel failure locked the user: it counts, and is refused as locked.
            LOG.info("Login refused for {}: wrong password while locked ({} failures)", username, failures);
            return LoginAttempt.locked();
        }
        if (failures == policy.maxFailures()) {
            LOG.warn("User {} locked for {} s after {} failed logins", username, policy.lockout().toSeconds(), failures);
            observer.lockedOut();
        } else {
            LOG.info("Login refused for {}: wrong password ({} of {})", username, failures, policy.maxFailures());
        }
        return LoginAttempt.rejected();
    }

    /**
     * Signs in a user that proved itself by other means than its password (an OAuth application's access
     * token on FTP or SFTP). The lock still applies: a user locked after wrong passwords is locked on every
     * door, whoever knocks for it.
     */
    public LoginAttempt admit(OrgUser user) {
        Optional<UserRecord> found = users.findByUsername(user.username());
        if (found.isEmpty()) {
            return LoginAttempt.rejected();
        }
        LocalDateTime lockedUntil = found.get().lockedUntil();
        if (lockedUntil != null && lockedUntil.isAfter(LocalDateTime.now())) {
            LOG.info("Login refused for {}: locked until {}", user.username(), lockedUntil);
            return LoginAttempt.locked();
        }
        return LoginAttempt.accepted(found.get().toOrgUser());
    }

    /** The user of this name as it is now; empty once it is gone. */
    public Optional<OrgUser> user(String username) {
        return users.findByUsername(username).map(UserRecord::toOrgUser);
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

    /**
     * Gives {@code username} a new generated password and lifts its lock; the password, to be shown
     * once (only its hash is stored), or empty when there is no such user.
     */
    public Optional<String> resetPassword(String username) {
        String password = generatePassword();
        return users.resetPassword(username, hasher.hash(password)) == 1 ? Optional.of(password) : Optional.empty();
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
