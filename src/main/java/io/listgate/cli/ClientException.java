package io.listgate.cli;

/** A failure the command explains in one line and ends with {@link #exitCode()}. */
final class ClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    ClientException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    ClientException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
