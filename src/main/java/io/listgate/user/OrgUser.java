package io.listgate.user;

/** A signed-in user and the organization whose data and files it may touch. */
public record OrgUser(long userId, String username, long organizationId, String organizationName) {
}
