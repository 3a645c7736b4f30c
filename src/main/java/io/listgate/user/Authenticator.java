package io.listgate.user;

/**
 * Checks API credentials. The XML API, SOAP, FTP, FTPS and SFTP all sign users in through this one
 * interface, so lockout after repeated failures applies whichever door is knocked on.
 */
public interface Authenticator {

    /**
     * Never throws for bad credentials: the outcome says accepted, rejected, locked (the user) or
     * throttled (the client address). {@code clientAddress} may be null when the door does not know it.
     */
    LoginAttempt authenticate(String username, String password, String clientAddress);
}
