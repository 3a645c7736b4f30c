package io.listgate.user;

/** A customer of this server: its users, files and contact databases belong to it alone. */
public record Organization(long id, String name) {
}
