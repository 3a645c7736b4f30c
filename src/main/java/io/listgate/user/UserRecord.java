package io.listgate.user;

import java.time.LocalDateTime;

/** A user row with what sign-in needs. */
public record UserRecord(long id, String username, String passwordHash, int failedLogins, LocalDateTime lockedUntil,
                         long organizationId, String organizationName, boolean systemAdministrator) {

    public OrgUser toOrgUser() {
        return new OrgUser(id, username, organizationId, organizationName, systemAdministrator);
    }
}
