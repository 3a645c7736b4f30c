package io.listgate.importjob;

/**
 * What a job did with the rows it read so far. Every row is counted exactly once:
 * {@code totalRows = totalValid + badAddresses + badRecords} and
 * {@code totalValid = sqlAdded + sqlUpdated + optedOut + duplicates + notAllowed + skipped}.
 */
public final class Counters {
    public long totalRows;
    public long totalValid;
    public long sqlAdded;
    public long sqlUpdated;
    public long duplicates;
    public long badAddresses;
    public long badRecords;
    public long notAllowed;
    public long skipped;
    public long optedOut;

    public static Counters of(ImportJob job) {
        Counters c = new Counters();
        c.totalRows = job.totalRows();
        c.totalValid = job.totalValid();
        c.sqlAdded = job.sqlAdded();
        c.sqlUpdated = job.sqlUpdated();
        c.duplicates = job.duplicates();
        c.badAddresses = job.badAddresses();
        c.badRecords = job.badRecords();
        c.notAllowed = job.notAllowed();
        c.skipped = job.skipped();
        c.optedOut = job.optedOut();
        return c;
    }

    public Counters copy() {
        Counters out = new Counters();
        out.set(this);
        return out;
    }

    public void set(Counters from) {
        totalRows = from.totalRows;
        totalValid = from.totalValid;
        sqlAdded = from.sqlAdded;
        sqlUpdated = from.sqlUpdated;
        duplicates = from.duplicates;
        badAddresses = from.badAddresses;
        badRecords = from.badRecords;
        notAllowed = from.notAllowed;
        skipped = from.skipped;
        optedOut = from.optedOut;
    }

    /** Counts a row that was refused, by the kind of refusal. */
    public void reject(RowError.Reason reason) {
        totalRows++;
        switch (reason.category()) {
            case BAD_ADDRESS -> badAddresses++;
            case BAD_RECORD -> badRecords++;
            case DUPLICATE -> {
                totalValid++;
                duplicates++;
            }
            case NOT_ALLOWED -> {
                totalValid++;
                notAllowed++;
            }
        }
    }
}
