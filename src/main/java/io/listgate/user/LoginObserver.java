package io.listgate.user;

/**
 * Told about every refused sign-in and every lockout, whichever door was knocked on (monitoring).
 * Called on the caller's thread: an implementation must be quick and must not throw.
 */
public interface LoginObserver {

    LoginObserver NONE = new LoginObserver() {
        @Override
        public void refused(LoginAttempt.Status status) {
        }

        @Override
        public void lockedOut() {
        }
    };

    /** A sign-in was refused: {@code REJECTED}, {@code LOCKED} or {@code THROTTLED}. */
    void refused(LoginAttempt.Status status);

    /** A user was just locked after too many wrong passwords. */
    void lockedOut();
}
