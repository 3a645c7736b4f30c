package io.listgate.importjob;

/** JOB_STATUS values exactly as clients compare them (CANCELED with one L). */
public enum JobStatus {
    WAITING, RUNNING, COMPLETE, ERROR, CANCELED;

    public boolean isFinished() {
        return this == COMPLETE || this == ERROR || this == CANCELED;
    }
}
