package io.listgate.session;

import io.listgate.user.OrgUser;

/** A live session row as read: its user, and how long ago (database clock) its last use was recorded. */
record StoredSession(long userId, String username, long organizationId, String organizationName,
                     boolean systemAdministrator, long idleMicros) {

    OrgUser user() {
        return new OrgUser(userId, username, organizationId, organizationName, systemAdministrator);
    }
}
