package io.listgate.user;

import java.util.Optional;

/** The outcome of checking a user name and password. */
public record LoginAttempt(Status status, Optional<OrgUser> user) {

    /** LOCKED: the user after too many failures; THROTTLED: the client address after too many failures. */
    public enum Status { ACCEPTED, REJECTED, LOCKED, THROTTLED }

    public static LoginAttempt accepted(OrgUser user) {
        return new LoginAttempt(Status.ACCEPTED, Optional.of(user));
    }

    public static LoginAttempt rejected() {
        return new LoginAttempt(Status.REJECTED, Optional.empty());
    }

    public static LoginAttempt locked() {
        return new LoginAttempt(Status.LOCKED, Optional.empty());
    }

    public static LoginAttempt throttled() {
        return new LoginAttempt(Status.THROTTLED, Optional.empty());
    }

    public boolean isAccepted() {
        return status == Status.ACCEPTED;
    }
}
