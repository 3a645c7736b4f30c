package io.listgate.importjob;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnel;
import com.google.common.hash.PrimitiveSink;
import io.listgate.contacts.ContactKey;
import io.listgate.contacts.ContactStore;
import io.listgate.contacts.MatchKey;
import io.listgate.db.Database;
import io.listgate.mapping.Action;
import io.listgate.mapping.ImportMapping;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.MDC;

/**
 * One job's run: streams its source through validation, decides each batch and writes it, the
 * three overlapping (ADR 0013). The calling thread reads and validates rows and looks up the next
 * batch's keys on a connection of its own; a single-thread executor decides batches in file order
 * and serialises their changes; another writes them, each batch (its contacts, its rejected rows,
 * the counters and the rows done) in one transaction. A run cut off by a crash therefore resumes
 * after its last batch and ends as if run once.
 *
 * <p>Batches flow through futures: a batch is decided after the one before it (on its counters and
 * the keys it applied) and written after it. The reader hands batch n over only once batch n-2 is
 * written, which bounds memory to a few batches and lets its lookup see everything but batch n-1,
 * whose applied keys the decision is told. A failure anywhere completes the futures after it
 * exceptionally and reaches the reader at its next hand-over; cancel and stop are a state the
 * writer sets after a commit and every step checks.
 */
final class ImportRun {

    /** Why a run ended without reading the file: ERROR with this description. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** What the job's owner says after each committed batch. */
    enum Verdict { GO_ON, CANCEL, STOP }

    /** Told after each committed batch. */
    interface Progress {
        Verdict batchCommitted(Counters counters, long rowsDone);
    }

    /** How a run that did not fail ended. */
    sealed interface End permits Completed, Halted {
    }

    /** Every row read and applied. */
    record Completed(Counters counters) implements End {
    }

    /** Canceled (the job ends CANCELED) or stopped for shutdown (it stays RUNNING and resumes). */
    record Halted(Verdict verdict) implements End {
    }

    private final Database database;
    private final ImportJobMapper jobs;
    private final ImportJob job;
    private final ImportPlan plan;
    private final Source source;
    private final Charset charset;
    private final int batchRows;
    private final Progress progress;
    private final BatchDecider decider;
    private final ContactStore store;
    private final ContactKey matchKey;
    private final AtomicReference<Verdict> halt = new AtomicReference<>(Verdict.GO_ON);

    ImportRun(Database database, ImportJob job, ImportPlan plan, Source source, Charset charset, int batchRows,
                   Progress progress, boolean mayFilterKeys) {
        this.database = database;
        this.jobs = database.mapper(ImportJobMapper.class);
        this.job = job;
        this.plan = plan;
        this.source = source;
        this.charset = charset;
        this.batchRows = batchRows;
        this.progress = progress;
        this.decider = new BatchDecider(plan, job.id());
        this.store = new ContactStore(plan.database, plan.columns, plan.writing(job.id()));
        this.matchKey = plan.matchKey().orElse(null);
        this.writtenKeys = mayFilterKeys && plan.action == Action.CREATE && matchKey != null && !decider.checksUniqueKeys()
                && job.rowsDone() == 0 && store.isEmpty(database.dataSource())
                ? BloomFilter.create(KeyFunnel.INSTANCE, FILTER_KEYS, 0.01) : null;
    }

    /**
     * Keys a fresh CREATE looks up: a new database holds only what this run wrote, so a key the
     * filter has never seen matches nothing and needs no lookup (most keys of most files). A key the
     * database treats as equal to a written one though the filter does not (another writer's
     * contact, an accent the collation folds) makes the batch's insert fail: the run then stops with
     * {@link LookUpEveryKey} and is run again from its checkpoint without the filter.
     */
    private final BloomFilter<MatchKey> writtenKeys;

    /** Keys the filter is sized for (about 2.4 MB at 1 % false positives); more only raise its false positives. */
    private static final int FILTER_KEYS = 2_000_000;

    private enum KeyFunnel implements Funnel<MatchKey> {
        INSTANCE;

        @Override
        public void funnel(MatchKey key, PrimitiveSink into) {
            into.putString(key.folded(), StandardCharsets.UTF_8);
        }
    }

    /** A batch of a filtered run met a key the filter missed; nothing of it was committed. */
    static final class LookUpEveryKey extends RuntimeException {
        LookUpEveryKey(String message) {
            super(message, null, false, false);
        }
    }

    /** A batch read: its outcomes in file order, its lookup when done ahead, and where the file stands after it. */
    private record Read(List<RowOutcome> rows, BatchDecider.Lookup lookup, long rowsDone, long bytesDone) {
    }

    /**
     * A batch decided: its changes serialised for the writer (the decision's row objects are left
     * behind, so a batch in flight holds little more than its bytes), its rejected rows, the counters
     * after it and the keys it applied.
     */
    private record Decided(ContactStore.Changes changes, List<RowError> errors, Counters after,
                           Set<MatchKey> applied, long rowsDone, long bytesDone) {
        /** Where a run starts: the counters its earlier attempts committed, no keys applied. */
        static Decided start(Counters counters) {
            return new Decided(null, List.of(), counters, Set.of(), 0, 0);
        }
    }

    /** Runs to the end of the file, or to a cancel or stop. */
    End run() throws Unreadable {
        ImportMapping mapping = plan.mapping;
        long skip = job.rowsDone();
        RowValidator validator = new RowValidator(plan, job.submittedAt() == null ? LocalDateTime.now() : job.submittedAt());
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
        Flow flow = new Flow(job.counts().copy());
        try (flow;
             Source.Opened opened = source.open();
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
            List<RowOutcome> batch = new ArrayList<>(batchRows);
            while (halt.get() == Verdict.GO_ON) {
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
                RowOutcome outcome = validator.validate(rowNumber, record.toList(), expected);
                if (outcome instanceof RowError error && error.reason() == RowError.Reason.BAD_ENCODING) {
                    encodingErrors++;
                }
                batch.add(outcome);
                if (batch.size() >= batchRows) {
                    flow.submit(batch, rowNumber, opened.bytesRead());
                    batch = new ArrayList<>(batchRows);
                }
            }
            if (!batch.isEmpty() && halt.get() == Verdict.GO_ON) {
                flow.submit(batch, rowNumber, opened.bytesRead());
            }
            Counters counters = flow.finish();
            if (halt.get() != Verdict.GO_ON) {
                return new Halted(halt.get());
            }
            if (rowNumber == 0) {
                throw new Unreadable("the source file has no data rows");
            }
            if (encodingErrors == rowNumber) {
                throw new Unreadable("no row of the source file is valid " + charset.name()
                        + ": check FILE_ENCODING (UTF-8 or ISO-8859-1)");
            }
            if (plan.syncsContactLists()) {
                counters = syncContactLists(counters, rowNumber, opened.bytesRead());
            }
            return new Completed(counters);
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
        }
    }

    /**
     * List sync, once every row is applied: removes the members the job did not mark, in one
     * transaction with the count. A rerun after a crash finds nothing more to remove.
     */
    private Counters syncContactLists(Counters counters, long rowsDone, long bytesDone) {
        Counters after = counters.copy();
        database.inTransaction(() -> {
            try {
                after.add(Counter.LIST_REMOVED, store.removeUnmarkedMembers(database.transactionConnection()));
            } catch (SQLException e) {
                throw new IllegalStateException("syncing the contact lists failed: " + e.getMessage(), e);
            }
            jobs.checkpoint(job.id(), after, rowsDone, bytesDone);
            return null;
        });
        return after;
    }

    /** The batches in flight between the reader, the deciding executor and the writing executor. */
    private final class Flow implements AutoCloseable {

        private final ExecutorService deciding;
        private final ExecutorService writing;
        /** Written batches, newest last; at most three are kept. */
        private final Deque<CompletableFuture<Decided>> written = new ArrayDeque<>();
        private CompletableFuture<Decided> decided;
        private CompletableFuture<Decided> lastWritten;
        private Connection lookups;
        private boolean finished;

        Flow(Counters start) {
            String jobTag = MDC.get("job");
            deciding = Executors.newSingleThreadExecutor(r -> thread(r, "listgate-import-decide-" + job.id(), jobTag));
            writing = Executors.newSingleThreadExecutor(r -> thread(r, "listgate-import-write-" + job.id(), jobTag));
            decided = CompletableFuture.completedFuture(Decided.start(start));
            lastWritten = decided;
        }

        private static Thread thread(Runnable r, String name, String jobTag) {
            return new Thread(() -> {
                MDC.put("job", jobTag);
                r.run();
            }, name);
        }

        /** Hands a batch on; first waits until the batch before the previous one is written. */
        void submit(List<RowOutcome> rows, long rowsDone, long bytesDone) {
            if (written.size() >= 2) {
                await(written.removeFirst());
            }
            if (decider.checksUniqueKeys()) {
                // The lookup must see every earlier batch: it runs in the writer's transaction.
                Read read = new Read(rows, null, rowsDone, bytesDone);
                lastWritten = lastWritten.thenApplyAsync(previous -> lookUpDecideAndWrite(read, previous), writing);
            } else {
                Read read = new Read(rows, lookUpAhead(rows), rowsDone, bytesDone);
                decided = decided.thenApplyAsync(previous -> decide(read, previous.after(),
                        previous.applied()), deciding);
                lastWritten = decided.thenCombineAsync(lastWritten, (batch, previous) -> write(batch, previous), writing);
            }
            written.addLast(lastWritten);
        }

        /** Waits for every batch handed on; the counters after the last one written. */
        Counters finish() {
            Counters after = await(lastWritten).after();
            finished = true;
            return after;
        }

        private BatchDecider.Lookup lookUpAhead(List<RowOutcome> rows) {
            if (matchKey == null) {
                return BatchDecider.Lookup.NOTHING;
            }
            Set<MatchKey> keys = BatchDecider.matchKeys(rows);
            if (writtenKeys != null) {
                Set<MatchKey> seen = new HashSet<>();
                for (MatchKey key : keys) {
                    if (!writtenKeys.put(key)) {
                        seen.add(key);
                    }
                }
                keys = seen;
                if (keys.isEmpty()) {
                    return BatchDecider.Lookup.NOTHING;
                }
            }
            Set<MatchKey> looked = keys;
            return database.retrying("looking up a batch's keys", () -> {
                try {
                    if (lookups == null) {
                        lookups = database.dataSource().getConnection();
                        lookups.setAutoCommit(true);
                    }
                    return new BatchDecider.Lookup(store.lookup(lookups, matchKey, looked), Set.of());
                } catch (SQLException e) {
                    closeLookups();
                    throw new IllegalStateException("looking up rows failed: " + e.getMessage(), e);
                }
            });
        }

        private void closeLookups() {
            if (lookups != null) {
                try {
                    lookups.close();
                } catch (SQLException e) {
                    // the pool discards a connection it cannot return
                }
                lookups = null;
            }
        }

        private Decided await(CompletableFuture<Decided> batch) {
            try {
                return batch.join();
            } catch (CompletionException e) {
                halt.compareAndSet(Verdict.GO_ON, Verdict.STOP);
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }

        @Override
        public void close() {
            if (!finished) {
                // the reader failed: what is in flight is dropped at its next step
                halt.compareAndSet(Verdict.GO_ON, Verdict.STOP);
            }
            deciding.shutdown();
            writing.shutdown();
            try {
                deciding.awaitTermination(1, TimeUnit.HOURS);
                writing.awaitTermination(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeLookups();
        }
    }

    private Decided decide(Read read, Counters before, Set<MatchKey> earlierKeys) {
        BatchDecider.Decision decision = decider.decide(read.rows(), read.lookup(), earlierKeys, before);
        return new Decided(changesOf(decision), decision.errors(), decision.after(), decision.applied(), read.rowsDone(),
                read.bytesDone());
    }

    private ContactStore.Changes changesOf(BatchDecider.Decision decision) {
        ContactStore.Changes changes = store.changes(LocalDateTime.now());
        decision.inserts().forEach(changes::insert);
        decision.rewrites().forEach(changes::rewrite);
        decision.deletes().forEach(changes::delete);
        decision.keptMembers().forEach(changes::keepMember);
        return changes.seal();
    }

    /** Writes and commits a decided batch with its rejected rows and checkpoint; nothing once halted. */
    private Decided write(Decided batch, Decided previous) {
        if (halt.get() != Verdict.GO_ON) {
            return previous;
        }
        try {
            database.inTransaction(() -> {
                writeInTransaction(batch);
                return null;
            });
        } catch (ContactStore.KeyTaken e) {
            if (writtenKeys != null) {
                throw new LookUpEveryKey(e.getMessage());
            }
            throw e;
        }
        committed(batch);
        return batch;
    }

    /** For a plan whose lookup must see every earlier batch: looks up, decides and writes in one transaction. */
    private Decided lookUpDecideAndWrite(Read read, Decided previous) {
        if (halt.get() != Verdict.GO_ON) {
            return previous;
        }
        Decided batch = database.inTransaction(() -> {
            if (alreadyCommitted(read.rowsDone())) {
                return new Decided(null, List.of(), jobs.findById(job.id()).orElseThrow().counts(), Set.of(),
                        read.rowsDone(), read.bytesDone());
            }
            Connection c = database.transactionConnection();
            BatchDecider.Lookup lookup;
            try {
                lookup = new BatchDecider.Lookup(matchKey == null ? Map.of()
                        : store.lookup(c, matchKey, BatchDecider.matchKeys(read.rows())),
                        store.existingKeys(c, plan.separateUniqueKey().orElseThrow(), decider.uniqueKeys(read.rows())));
            } catch (SQLException e) {
                throw new IllegalStateException("looking up rows up to " + read.rowsDone() + " failed: " + e.getMessage(), e);
            }
            // the lookup saw every earlier batch written: no keys to pass on
            Decided decided = decide(new Read(read.rows(), lookup, read.rowsDone(), read.bytesDone()),
                    previous.after(), Set.of());
            writeInTransaction(decided);
            return decided;
        });
        committed(batch);
        return batch;
    }

    /**
     * True when an earlier try of this batch committed though its answer was lost with the
     * connection: the checkpoint, which only this run writes, already stands at or past the batch.
     * A retried transaction then writes nothing twice.
     */
    private boolean alreadyCommitted(long rowsDone) {
        return jobs.rowsDone(job.id()) >= rowsDone;
    }

    private void writeInTransaction(Decided batch) {
        if (alreadyCommitted(batch.rowsDone())) {
            return;
        }
        try {
            store.apply(database.transactionConnection(), batch.changes());
        } catch (SQLException e) {
            throw new IllegalStateException("writing rows up to " + batch.rowsDone() + " failed: " + e.getMessage(), e);
        }
        if (!batch.errors().isEmpty()) {
            jobs.insertErrors(job.id(), batch.errors());
        }
        jobs.checkpoint(job.id(), batch.after(), batch.rowsDone(), batch.bytesDone());
        jobs.sampleProgress(job.id(), batch.rowsDone(), batch.bytesDone());
    }

    private void committed(Decided batch) {
        Verdict verdict = progress.batchCommitted(batch.after(), batch.rowsDone());
        if (verdict != Verdict.GO_ON) {
            halt.compareAndSet(Verdict.GO_ON, verdict);
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
