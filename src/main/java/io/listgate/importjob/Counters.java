package io.listgate.importjob;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a job did with the rows it read so far; see {@link Counter} for how they add up. */
public final class Counters {

    private static final Counter[] ALL = Counter.values();

    private final long[] values = new long[ALL.length];

    public Counters() {
    }

    /** As stored in {@code import_job}: one argument per {@link Counter}, in its order (MyBatis). */
    Counters(long totalRows, long totalValid, long sqlAdded, long sqlUpdated, long duplicates, long badAddresses,
             long badRecords, long notAllowed, long optedOut, long skipped, long sqlDeleted, long listRemoved) {
        long[] stored = {totalRows, totalValid, sqlAdded, sqlUpdated, duplicates, badAddresses, badRecords, notAllowed,
                optedOut, skipped, sqlDeleted, listRemoved};
        System.arraycopy(stored, 0, values, 0, values.length);
    }

    /** Counters with the given values, the others 0. */
    public static Counters of(Map<Counter, Long> given) {
        Counters c = new Counters();
        given.forEach((counter, value) -> c.values[counter.ordinal()] = value);
        return c;
    }

    public long get(Counter counter) {
        return values[counter.ordinal()];
    }

    public Counters copy() {
        Counters out = new Counters();
        System.arraycopy(values, 0, out.values, 0, values.length);
        return out;
    }

    /** Counts a valid row by what became of it. */
    void valid(Counter fate) {
        values[Counter.TOTAL_ROWS.ordinal()]++;
        values[Counter.TOTAL_VALID.ordinal()]++;
        values[fate.ordinal()]++;
    }

    void add(Counter counter, long n) {
        values[counter.ordinal()] += n;
    }

    /** Counts a row that was refused, by the kind of refusal. */
    void reject(RowError.Reason reason) {
        switch (reason.category()) {
            case BAD_ADDRESS -> values[Counter.BAD_ADDRESSES.ordinal()]++;
            case BAD_RECORD -> values[Counter.BAD_RECORDS.ordinal()]++;
            case DUPLICATE -> valid(Counter.DUPLICATES);
            case NOT_ALLOWED -> valid(Counter.NOT_ALLOWED);
        }
        if (reason.category() == RowError.Category.BAD_ADDRESS || reason.category() == RowError.Category.BAD_RECORD) {
            values[Counter.TOTAL_ROWS.ordinal()]++;
        }
    }

    /** Rows refused for any reason: what the error file lists. */
    public long rejected() {
        return get(Counter.BAD_ADDRESSES) + get(Counter.BAD_RECORDS) + get(Counter.DUPLICATES) + get(Counter.NOT_ALLOWED);
    }

    /** Rows whose contact the job changed: what a canceled job keeps. */
    public long applied() {
        return get(Counter.SQL_ADDED) + get(Counter.SQL_UPDATED) + get(Counter.OPTED_OUT) + get(Counter.SQL_DELETED);
    }

    /** One counter's column and value, for the mapper's checkpoint. */
    public static final class Stored {
        private final String column;
        private final long value;

        private Stored(String column, long value) {
            this.column = column;
            this.value = value;
        }

        public String getColumn() {
            return column;
        }

        public long getValue() {
            return value;
        }
    }

    /** Every counter's column and value, in {@link Counter} order. */
    public List<Stored> stored() {
        List<Stored> stored = new ArrayList<>(ALL.length);
        for (Counter counter : ALL) {
            stored.add(new Stored(counter.key(), values[counter.ordinal()]));
        }
        return stored;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Counter counter : ALL) {
            text.append(text.isEmpty() ? "" : ", ").append(counter).append('=').append(values[counter.ordinal()]);
        }
        return text.toString();
    }
}
