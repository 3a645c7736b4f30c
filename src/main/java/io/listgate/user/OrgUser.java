package io.listgate.user;

/**
 * A signed-in user and the organization whose data and files it may touch. A system administrator
 * acts for its own organization everywhere but on the admin pages, where it may watch every one.
 */
public record OrgUser(long userId, String username, long organizationId, String organizationName,
                      boolean systemAdministrator) {

    public OrgUser(long userId, String username, long organizationId, String organizationName) {
        this(userId, username, organizationId, organizationName, false);
    }
}
