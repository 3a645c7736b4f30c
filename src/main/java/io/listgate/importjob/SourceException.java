package io.listgate.importjob;

import java.io.IOException;

/**
 * A source file that cannot be read as rows: its message is one sentence for the user, shown as the
 * job's description when the job ends in ERROR.
 */
public final class SourceException extends IOException {

    public SourceException(String message) {
        super(message);
    }
}
