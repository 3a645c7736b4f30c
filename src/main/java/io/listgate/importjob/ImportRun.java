package io.listgate.importjob;

import io.listgate.config.ListGateConfig;
import io.listgate.db.Database;
import io.listgate.mapping.ImportMapping;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.MDC;

/**
 * Streams one job's source file through validation and into the database in batches, reading the
 * next batch while the previous one commits. Each batch
 * (its contacts, its rejected rows, the counters and the number of rows done) commits in one
 * transaction, so a run cut off by a crash resumes after its last batch and ends as if run once.
 */
final class ImportRun {

    static final int BATCH_ROWS = 2000;

    /** Why a run ended without reading the file: ERROR with this description. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private final Database database;
    private final ImportJobMapper jobs;
    private final ImportJob job;
    private final ImportPlan plan;
    private final Path source;
    private final Charset charset;
    private final ProgressListener progress;

    /** Told after each committed batch; answers false to stop at this safe point (server shutting down). */
    interface ProgressListener {
        boolean batchCommitted(ImportJob job, Counters counters, long rowsDone);
    }

    /** Someone asked to cancel the job: it stops after the batch just committed and ends CANCELED. */
    static final class Canceled extends RuntimeException {
        Canceled() {
            super("canceled at a batch boundary", null, false, false);
        }
    }

    /** The run stopped at a safe point; the job stays RUNNING and resumes at the next start. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped at a safe point", null, false, false);
        }
    }

    ImportRun(Database database, ImportJob job, ImportPlan plan, Path source, Charset charset, ProgressListener progress) {
        this.database = database;
        this.jobs = database.mapper(ImportJobMapper.class);
        this.job = job;
        this.plan = plan;
        this.source = source;
        this.charset = charset;
        this.progress = progress;
    }

    /** Runs to the end of the file; returns the final counters. */
    Counters execute() throws Unreadable {
        ImportMapping mapping = plan.mapping;
        Counters counters = Counters.of(job);
        long skip = job.rowsDone();
        RowValidator validator = new RowValidator(plan, job.submittedAt() == null ? LocalDateTime.now() : job.submittedAt());
        BatchWriter writer = new BatchWriter(plan, job.id());
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(mapping.listInfo().fileType().delimiter())
                .setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(false)
                .get();
        // A resumed run counts the encoding errors its earlier attempts committed too.
        long encodingErrors = skip == 0 ? 0 : jobs.countErrors(job.id(), RowError.Reason.BAD_ENCODING);
        try (Committer committer = new Committer(writer, counters);
             LookAhead lookAhead = new LookAhead(writer, committer);
             Source.Opened opened = Source.of(source, ListGateConfig.DEFAULT_IMPORT_MAX_EXPANDED_BYTES).open();
             BufferedReader reader = new BufferedReader(new InputStreamReader(opened.data(), decoder), 64 * 1024);
             CSVParser parser = CSVParser.builder().setReader(skipBom(reader)).setFormat(format).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            int expected = -1;
            if (mapping.listInfo().hasHeaders()) {
                if (!records.hasNext()) {
                    throw new Unreadable("the source file is empty: no header and no data rows");
                }
                expected = records.next().size();
            }
            long rowNumber = 0;
            List<Object> batch = new ArrayList<>(BATCH_ROWS);
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    if (e.getCause() instanceof SourceException) {
                        throw e;
                    }
                    // Broken quoting runs to the end of the file: the rest cannot be split into rows.
                    rowNumber++;
                    if (rowNumber > skip) {
                        batch.add(new RowError(rowNumber, RowError.Reason.UNREADABLE,
                                "the file cannot be read from here on: " + e.getCause().getMessage(), null));
                    }
                    break;
                }
                rowNumber++;
                if (expected < 0) {
                    expected = record.size();
                }
                if (rowNumber <= skip) {
                    continue;
                }
                Object outcome = validator.validate(rowNumber, record.toList(), expected);
                if (outcome instanceof RowError error && error.reason() == RowError.Reason.BAD_ENCODING) {
                    encodingErrors++;
                }
                batch.add(outcome);
                if (batch.size() >= BATCH_ROWS) {
                    committer.submit(batch, lookAhead, rowNumber, opened.bytesRead());
                    batch = new ArrayList<>(BATCH_ROWS);
                }
            }
            if (!batch.isEmpty()) {
                committer.submit(batch, lookAhead, rowNumber, opened.bytesRead());
            }
            committer.finish();
            if (rowNumber == 0) {
                throw new Unreadable("the source file has no data rows");
            }
            if (encodingErrors == rowNumber) {
                throw new Unreadable("no row of the source file is valid " + charset.name()
                        + ": check FILE_ENCODING (UTF-8 or ISO-8859-1)");
            }
            return counters;
        } catch (UncheckedIOException e) {
            // the CSV parser wraps what the source throws while it is read
            if (e.getCause() instanceof SourceException s) {
                throw new Unreadable(s.getMessage());
            }
            throw e;
        } catch (SourceException e) {
            throw new Unreadable(e.getMessage());
        } catch (IOException e) {
            throw new Unreadable("the source file cannot be read: " + e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException("looking up rows failed: " + e.getMessage(), e);
        }
    }

    private static List<ValidRow> validRows(List<Object> batch) {
        List<ValidRow> rows = new ArrayList<>(batch.size());
        for (Object outcome : batch) {
            if (outcome instanceof ValidRow row) {
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * Looks up the next batch's keys on a connection of its own while the committer writes the
     * previous batch, so the database works on both at once. A lookup waits until the batch before
     * the previous one is committed; what the previous one applies, the committer tells the writer.
     */
    private final class LookAhead implements AutoCloseable {

        private final BatchWriter writer;
        private final Committer committer;
        private Connection connection;
        private long batches;

        LookAhead(BatchWriter writer, Committer committer) {
            this.writer = writer;
            this.committer = committer;
        }

        /** The batch's lookup, or null when the writer must look up inside its transaction. */
        BatchWriter.Lookup lookup(List<ValidRow> rows) throws SQLException {
            batches++;
            if (!writer.looksAhead()) {
                return null;
            }
            committer.awaitCommitted(batches - 2);
            if (connection == null) {
                connection = database.dataSource().getConnection();
                connection.setAutoCommit(true);
            }
            return writer.lookup(connection, rows);
        }

        @Override
        public void close() throws SQLException {
            if (connection != null) {
                connection.close();
            }
        }
    }

    /**
     * Commits batches on a thread of its own while the reading thread parses and checks the next
     * one: the file's CPU work overlaps the database's. When the writer looks ahead, the batches are
     * decided on this thread and written by a second one, so deciding the next batch overlaps
     * writing this one. At most one batch waits at each step, so memory stays bounded; batches
     * commit in file order.
     */
    private final class Committer implements AutoCloseable {

        /** A batch read: its outcomes in file order, its valid rows, and their lookup when done ahead. */
        private record Pending(List<Object> batch, List<ValidRow> rows, BatchWriter.Lookup lookup, long rowsDone,
                               long bytesDone) {
        }

        private final Handoff<Pending> queue;
        private final Handoff<Decided> decided;
        private long committed;
        /** The counters and applied keys of the batch decided last (deciding thread only). */
        private Counters decidedCounters;
        private Set<String> decidedKeys = Set.of();

        Committer(BatchWriter writer, Counters counters) {
            String jobTag = MDC.get("job");
            if (writer.looksAhead()) {
                decided = new Handoff<>("listgate-import-write-" + job.id(), jobTag, this, next -> {
                    write(next, writer, counters);
                    committedOne();
                });
                decidedCounters = counters;
                queue = new Handoff<>("listgate-import-" + job.id(), jobTag, this, next -> {
                    // decided on the counters and keys of the batch decided before, which may not be written yet
                    Decided d = decide(next, next.lookup(), writer, decidedCounters, decidedKeys);
                    decidedCounters = d.after();
                    decidedKeys = d.prepared().applied();
                    decided.hand(d);
                });
            } else {
                decided = null;
                queue = new Handoff<>("listgate-import-" + job.id(), jobTag, this, next -> {
                    lookUpAndWrite(next, writer, counters);
                    committedOne();
                });
            }
        }

        void submit(List<Object> batch, LookAhead lookAhead, long rowsDone, long bytesDone) throws SQLException {
            List<ValidRow> rows = validRows(batch);
            queue.hand(new Pending(batch, rows, lookAhead.lookup(rows), rowsDone, bytesDone));
        }

        private synchronized void committedOne() {
            committed++;
            notifyAll();
        }

        private RuntimeException failure() {
            RuntimeException f = queue.failure;
            return f != null ? f : decided == null ? null : decided.failure;
        }

        /** Waits until {@code batches} batches are committed; rethrows what stopped the committing. */
        synchronized void awaitCommitted(long batches) {
            try {
                while (committed < batches) {
                    RuntimeException f = failure();
                    if (f != null) {
                        throw f;
                    }
                    if (!queue.alive() || decided != null && !decided.alive()) {
                        throw new Stopped();
                    }
                    wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }

        /** Waits until every submitted batch is committed; rethrows what stopped the committing. */
        void finish() {
            close();
            RuntimeException f = failure();
            if (f != null) {
                throw f;
            }
        }

        @Override
        public void close() {
            queue.close();
            if (decided != null) {
                decided.close();
            }
        }
    }

    /** A batch decided in Java: its prepared statements' data, its rejected rows and the counters after it. */
    private record Decided(BatchWriter.Prepared prepared, List<RowError> errors, Counters after, long rowsDone,
                           long bytesDone) {
    }

    private Decided decide(Committer.Pending next, BatchWriter.Lookup lookup, BatchWriter writer, Counters before,
                           Set<String> earlierKeys) {
        List<RowError> errors = new ArrayList<>();
        Counters after = before.copy();
        for (Object outcome : next.batch()) {
            if (outcome instanceof RowError error) {
                errors.add(error);
                after.reject(error.reason());
            }
        }
        BatchWriter.Prepared prepared = writer.prepare(next.rows(), lookup, earlierKeys, after, errors);
        return new Decided(prepared, errors, after, next.rowsDone(), next.bytesDone());
    }

    /** Writes and commits a decided batch with its rejected rows and checkpoint. */
    private void write(Decided d, BatchWriter writer, Counters counters) {
        database.inTransaction(() -> {
            writeInTransaction(d, writer);
            return null;
        });
        committed(d, counters);
    }

    /** Looks up, decides and writes one batch in one transaction: for a writer that cannot look ahead. */
    private void lookUpAndWrite(Committer.Pending next, BatchWriter writer, Counters counters) {
        Decided d = database.inTransaction(() -> {
            BatchWriter.Lookup lookup;
            try {
                lookup = writer.lookup(database.transactionConnection(), next.rows());
            } catch (SQLException e) {
                throw new IllegalStateException("looking up rows up to " + next.rowsDone() + " failed: " + e.getMessage(), e);
            }
            Decided decided = decide(next, lookup, writer, counters, Set.of());
            writeInTransaction(decided, writer);
            return decided;
        });
        committed(d, counters);
    }

    private void writeInTransaction(Decided d, BatchWriter writer) {
        try {
            writer.execute(database.transactionConnection(), d.prepared());
        } catch (SQLException e) {
            throw new IllegalStateException("writing rows up to " + d.rowsDone() + " failed: " + e.getMessage(), e);
        }
        if (!d.errors().isEmpty()) {
            jobs.insertErrors(job.id(), d.errors());
        }
        jobs.checkpoint(job.id(), d.after(), d.rowsDone(), d.bytesDone());
    }

    private void committed(Decided d, Counters counters) {
        counters.set(d.after());
        if (!progress.batchCommitted(job, counters, d.rowsDone())) {
            throw new Stopped();
        }
    }

    /** Work handed to a thread of its own, in order, one item waiting at most. */
    private static final class Handoff<T> {

        /** The item that ends the thread. */
        private final Object end = new Object();
        private final BlockingQueue<Object> items = new ArrayBlockingQueue<>(1);
        private final Thread thread;
        private final Object owner;
        volatile RuntimeException failure;

        interface Work<T> {
            void accept(T item) throws InterruptedException;
        }

        Handoff(String name, String jobTag, Object owner, Work<T> work) {
            this.owner = owner;
            thread = new Thread(() -> {
                MDC.put("job", jobTag);
                try {
                    for (Object next = items.take(); next != end; next = items.take()) {
                        @SuppressWarnings("unchecked")
                        T item = (T) next;
                        work.accept(item);
                    }
                } catch (RuntimeException e) {
                    failure = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    synchronized (owner) {
                        owner.notifyAll();
                    }
                }
            }, name);
            thread.start();
        }

        boolean alive() {
            return thread.isAlive();
        }

        void hand(T item) {
            try {
                while (!items.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    if (failure != null) {
                        throw failure;
                    }
                    if (!thread.isAlive()) {
                        throw new Stopped();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }

        /** Lets the thread finish what it was handed, then waits for it. */
        void close() {
            if (!thread.isAlive()) {
                return;
            }
            try {
                while (thread.isAlive() && !items.offer(end, 100, TimeUnit.MILLISECONDS)) {
                    // the thread is busy with its last item, or gone
                }
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static BufferedReader skipBom(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }
}
