package io.listgate.importjob;

/**
 * Writes the file of an ExportList job. Export jobs wait in the same per-database queue as imports
 * (so an export sees every import submitted before it) and end the same way: status, job-end mail
 * and webhooks, pages. The queue calls this on its worker thread; the export package implements it.
 */
public interface ExportRunner {

    /** What the export should do after a stretch of rows: go on, stop for shutdown, or stop for a cancel. */
    enum Verdict { GO_ON, STOP, CANCEL }

    /** Asked every few thousand rows with the rows written so far; also records them as the job's progress. */
    @FunctionalInterface
    interface Control {
        Verdict rowsWritten(long rows);
    }

    /** How a run ended: all {@code rows} written and the file in place, or halted by {@code verdict} (no file). */
    record Outcome(long rows, Verdict haltedBy) {
        public boolean complete() {
            return haltedBy == Verdict.GO_ON;
        }
    }

    /** An export that cannot be written: the job ends in ERROR with this message as its description. */
    final class Failed extends Exception {
        public Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Writes the job's file from scratch (a run cut off by a crash starts over). */
    Outcome run(ImportJob job, Control control) throws Failed;
}
