package io.listgate.config;

/** A configuration value is missing, malformed or inconsistent; the server refuses to start. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
