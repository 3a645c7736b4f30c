package io.listgate.flows;

import io.listgate.files.FlowLayout;
import io.listgate.files.OrganizationFolders;
import io.listgate.files.OrganizationRoot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled pulls. The scanner shows it each flow root on each pass: a clear password in
 * {@code flow.yaml} is encrypted in place, and the flow's Quartz job (one per flow, on its cron,
 * in the clustered scheduler, so one server of a cluster pulls) follows the file. A pull fetches
 * the remote files matching the pattern into {@code import/in} complete with their marker, so they
 * take the path of any dropped file; a journal ({@code .pulled} in the flow root) keeps which
 * versions were fetched, so none is fetched twice, and, with {@code deleteAfterImport}, which remote
 * files to remove once filed in {@code ok/}.
 */
public final class FlowPuller {

    private static final Logger LOG = LoggerFactory.getLogger(FlowPuller.class);
    static final String GROUP = "flow-pull";
    static final String JOURNAL = ".pulled";
    /** In {@code import/}: why the flow's last pull failed, for the organization to read; gone after a good pull. */
    static final String PULL_ERROR = "pull.err";
    private static final String ORGANIZATION = "organization";
    private static final String FLOW_ROOT = "flowRoot";
    private static final String NONE = "";

    private final OrganizationFolders folders;
    private final FlowSecrets secrets;
    private final Scheduler quartz;
    private final Clock clock;
    /** The cron each flow's job has as this server last set or saw it ({@link #NONE}: no pull). */
    private final Map<JobKey, String> scheduled = new ConcurrentHashMap<>();

    public FlowPuller(OrganizationFolders folders, FlowSecrets secrets, Scheduler quartz, Clock clock) {
        this.folders = folders;
        this.secrets = secrets;
        this.quartz = quartz;
        this.clock = clock;
    }

    /**
     * Encrypts a clear password of the flow's pull once {@code flow.yaml} has been quiet for
     * {@code quiet} (rewriting it during its upload would lose the upload's end), and keeps the
     * flow's Quartz job in step with its cron.
     */
    void reconcile(String organization, String flowRoot, Path importFolder, Duration quiet) throws IOException {
        FlowPull pull;
        try {
            FlowOptions options = FlowOptions.of(importFolder);
            pull = options.pull();
            if (pull != null && pull.hasClearSecret()
                    && Files.getLastModifiedTime(importFolder.resolve(FlowOptions.FILE)).toMillis() < clock.millis() - quiet.toMillis()) {
                new FlowOptions(options.listNamePattern(), pull.encrypted(secrets)).write(importFolder);
                LOG.info("Hot folder {}/{}: the pull's clear secrets (password, inline privateKey) are now encrypted", organization, flowRoot);
            }
        } catch (FlowScanner.Refused invalid) {
            // the flow's next file goes to ko/ saying why; its pull stays as it was
            return;
        }
        JobKey key = JobKey.jobKey(organization + "/" + flowRoot, GROUP);
        String cron = pull == null ? NONE : pull.cron();
        if (Objects.equals(scheduled.get(key), cron)) {
            return;
        }
        try {
            TriggerKey trigger = TriggerKey.triggerKey(key.getName(), GROUP);
            if (cron.equals(NONE)) {
                if (quartz.checkExists(key)) {
                    quartz.deleteJob(key);
                    LOG.info("Hot folder {}/{}: pull removed", organization, flowRoot);
                }
            } else {
                quartz.addJob(JobBuilder.newJob(Pull.class).withIdentity(key).usingJobData(ORGANIZATION, organization)
                        .usingJobData(FLOW_ROOT, flowRoot).storeDurably().build(), true);
                Trigger onCron = TriggerBuilder.newTrigger().withIdentity(trigger).forJob(key)
                        .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionDoNothing()
                                .inTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC)))
                        .build();
                try {
                    quartz.scheduleJob(onCron);
                } catch (ObjectAlreadyExistsException there) {
                    quartz.rescheduleJob(trigger, onCron);
                }
                LOG.info("Hot folder {}/{}: pull scheduled on '{}'", organization, flowRoot, cron);
            }
            scheduled.put(key, cron);
        } catch (SchedulerException e) {
            LOG.warn("Hot folder {}/{}: cannot schedule its pull: {}", organization, flowRoot, e.getMessage());
        }
    }

    /** One run of a flow's pull. */
    void pull(String organization, String flowRoot) throws IOException {
        Path flow = folders.root(organization).resolve(flowRoot);
        Path importFolder = flow.resolve(FlowLayout.Kind.IMPORT.folder());
        FlowPull pull = FlowOptions.of(importFolder).pull();
        if (pull == null) {
            return;
        }
        String password = pull.password() != null ? pull.password()
                : pull.passwordEncrypted() != null ? secrets.decrypt(pull.passwordEncrypted()) : null;
        String privateKey = privateKey(pull, organization);
        Path journalFile = flow.resolve(JOURNAL);
        List<Fetched> journal = readJournal(journalFile);
        String trusted = pull.isSftp() ? pinnedOrRecorded(pull, flow) : null;
        try (FlowRemote remote = FlowRemote.open(pull, password, privateKey, trusted)) {
            if (remote instanceof FlowRemote.Sftp sftp && trusted == null) {
                FlowTrust.recordHostKey(flow, pull.hostAndPort(), sftp.hostKey());
                LOG.info("Hot folder {}/{}: first pull from {}: its host key {} is trusted from now on", organization,
                        flowRoot, pull.hostAndPort(), sftp.hostKey());
            }
            if (pull.deletes() && removeImported(remote, importFolder, journal)) {
                writeJournal(journalFile, journal);
            }
            Pattern names = pull.names(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
            Path in = importFolder.resolve(FlowLayout.IN);
            for (FlowRemote.RemoteFile file : remote.list()) {
                if (!names.matcher(file.name()).matches() || journal.stream().anyMatch(f -> f.is(file))
                        || !FlowLayout.FLOW_NAME.matcher(file.name()).matches() || Files.exists(in.resolve(file.name()))) {
                    continue;
                }
                fetch(remote, file.name(), in);
                journal.add(new Fetched(file.name(), file.size(), file.modified(), pull.deletes()));
                writeJournal(journalFile, journal);
                LOG.info("Hot folder {}/{}: pulled {} from {}", organization, flowRoot, file.name(), pull.host());
            }
        }
    }

    /** Writes {@value #PULL_ERROR} saying why the pull failed, or removes it after a good pull (null). */
    void report(String organization, String flowRoot, String failure) {
        Path file = folders.root(organization).resolve(flowRoot).resolve(FlowLayout.Kind.IMPORT.folder()).resolve(PULL_ERROR);
        try {
            if (failure == null) {
                Files.deleteIfExists(file);
            } else {
                Files.writeString(file, clock.instant() + " pull failed: " + failure + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            LOG.warn("Hot folder {}/{}: cannot write {}: {}", organization, flowRoot, PULL_ERROR, e.getMessage());
        }
    }

    /** The pull's private key as text: inline, decrypted, or read from the organization's folder; null when none. */
    private String privateKey(FlowPull pull, String organization) throws IOException {
        if (pull.privateKeyEncrypted() != null && !pull.privateKeyEncrypted().isEmpty()) {
            return secrets.decrypt(pull.privateKeyEncrypted());
        }
        if (pull.privateKey() == null || pull.privateKey().isBlank()) {
            return null;
        }
        if (pull.hasInlineKey()) {
            return pull.privateKey();
        }
        // a path the organization could reach itself: never a file outside its folder
        Path file = new OrganizationRoot(folders.root(organization)).resolve(pull.privateKey().strip())
                .filter(Files::isRegularFile)
                .orElseThrow(() -> new FlowScanner.Refused("import/" + FlowOptions.FILE + ": pull: privateKey "
                        + pull.privateKey().strip() + " is no file in the organization's folder"));
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String pinnedOrRecorded(FlowPull pull, Path flow) throws IOException {
        String pinned = pull.pinnedHostKey();
        return pinned != null ? pinned : FlowTrust.recordedHostKey(flow, pull.hostAndPort());
    }

    /** Into in/ as an upload would: its mark while it is written, then its completion marker. */
    private static void fetch(FlowRemote remote, String name, Path in) throws IOException {
        Path mark = in.resolve(FlowLayout.uploadingSentinel(name));
        Files.write(mark, new byte[0]);
        try (OutputStream out = Files.newOutputStream(in.resolve(name))) {
            remote.fetch(name, out);
        } catch (IOException e) {
            Files.deleteIfExists(in.resolve(name));
            Files.deleteIfExists(mark);
            throw e;
        }
        Files.delete(mark);
        Files.write(in.resolve(name + ".done"), new byte[0]);
    }

    /** Remote files whose import is filed: removed when in ok/, kept when in ko/; whether the journal changed. */
    private static boolean removeImported(FlowRemote remote, Path importFolder, List<Fetched> journal) throws IOException {
        boolean changed = false;
        for (int i = 0; i < journal.size(); i++) {
            Fetched f = journal.get(i);
            if (!f.toDelete()) {
                continue;
            }
            boolean ok = filed(importFolder.resolve(FlowLayout.OK), f.name());
            if (ok || filed(importFolder.resolve(FlowLayout.KO), f.name())) {
                if (ok) {
                    remote.delete(f.name());
                }
                journal.set(i, new Fetched(f.name(), f.size(), f.modified(), false));
                changed = true;
            }
        }
        return changed;
    }

    private static boolean filed(Path folder, String name) throws IOException {
        Pattern filed = Pattern.compile("[0-9]+_" + Pattern.quote(name));
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(p -> filed.matcher(p.getFileName().toString()).matches());
        }
    }

    /** A fetched version of a remote file, and whether it is still to be removed remotely. */
    private record Fetched(String name, long size, long modified, boolean toDelete) {
        boolean is(FlowRemote.RemoteFile file) {
            return name.equals(file.name()) && size == file.size() && modified == file.modified();
        }
    }

    private static List<Fetched> readJournal(Path file) throws IOException {
        List<Fetched> journal = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length == 4) {
                    journal.add(new Fetched(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Boolean.parseBoolean(f[3])));
                }
            }
        }
        return journal;
    }

    private static void writeJournal(Path file, List<Fetched> journal) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Fetched f : journal) {
            text.append(f.name()).append('\t').append(f.size()).append('\t').append(f.modified()).append('\t')
                    .append(f.toDelete()).append('\n');
        }
        Path temp = file.resolveSibling(JOURNAL + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The Quartz side: runs one flow's pull. Never twice at once for a flow; a run whose remote is
     * away is logged, and the next one tries again.
     */
    @DisallowConcurrentExecution
    public static final class Pull implements Job {

        private final FlowPuller puller;

        public Pull(FlowPuller puller) {
            this.puller = puller;
        }

        @Override
        public void execute(JobExecutionContext context) {
            String organization = context.getJobDetail().getJobDataMap().getString(ORGANIZATION);
            String flowRoot = context.getJobDetail().getJobDataMap().getString(FLOW_ROOT);
            try {
                puller.pull(organization, flowRoot);
                puller.report(organization, flowRoot, null);
            } catch (IOException | FlowScanner.Refused e) {
                LOG.warn("Hot folder {}/{}: pull failed: {}", organization, flowRoot, e.getMessage());
                puller.report(organization, flowRoot, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Hot folder {}/{}: pull failed", organization, flowRoot, e);
                puller.report(organization, flowRoot, "internal error, see the server log");
            }
        }
    }
}
