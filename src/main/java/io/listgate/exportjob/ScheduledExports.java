package io.listgate.exportjob;

import io.listgate.contacts.ContactDatabaseService;
import io.listgate.contacts.ContactList;
import io.listgate.files.OrganizationFolders;
import io.listgate.importjob.ImportJobService;
import io.listgate.user.OrgUser;
import io.listgate.user.Organization;
import io.listgate.user.UserService;
import io.listgate.user.UsersFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily exports of a database to {@code reporting/<yyyy-mm-dd>/} (issue 11, ADR 0023), as the users file's
 * {@code scheduled_exports} declare them. Each one is a Quartz job on a cron at its time of day in its zone,
 * in the clustered scheduler, so one server of a cluster fires it. A run queues an export job (a row of
 * {@code import_job}, so GetJobStatus and the pages show it) that {@link ExportWriter} turns into two files:
 * the contacts changed the day before and those who opted out of a channel that day. File names depend only
 * on the database and the day, so a rerun replaces its files. {@link #tidy} (a housekeeping step) compresses
 * files older than a day and removes those older than a week.
 */
public final class ScheduledExports {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledExports.class);
    static final String GROUP = "scheduled-export";
    private static final String ORGANIZATION = "organization";
    private static final String LIST = "list";
    private static final String ZONE = "zone";
    /** Characters kept in file names: what every FTP client and file system takes as is. */
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern DAY_FOLDER = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    static final Duration COMPRESS_AFTER = Duration.ofHours(24);
    static final Duration REMOVE_AFTER = Duration.ofDays(7);
    /** Dates in the files: ISO, unlike ExportList's vendor default, since nothing legacy reads these. */
    private static final String DATE_PATTERN = "yyyy-mm-dd";

    private final ContactDatabaseService contacts;
    private final ImportJobService jobs;
    private final UserService users;
    private final OrganizationFolders folders;
    private final Clock clock;

    public ScheduledExports(ContactDatabaseService contacts, ImportJobService jobs, UserService users,
                            OrganizationFolders folders, Clock clock) {
        this.contacts = contacts;
        this.jobs = jobs;
        this.users = users;
        this.folders = folders;
        this.clock = clock;
    }

    /**
     * Makes the scheduler's daily exports those of {@code file}: one job per organization and list, its
     * trigger kept while its time and zone stay the same (so a firing missed while every server was down is
     * made up once), replaced otherwise (servers starting together leave one); those no longer declared removed.
     */
    public void schedule(Scheduler quartz, UsersFile file) {
        try {
            Set<JobKey> declared = new HashSet<>();
            for (UsersFile.OrganizationEntry org : file.organizations()) {
                for (UsersFile.ScheduledExportEntry export : org.scheduledExportsOrEmpty()) {
                    JobKey key = JobKey.jobKey(org.name() + "/" + export.list().strip(), GROUP);
                    declared.add(key);
                    JobDetail detail = JobBuilder.newJob(Run.class).withIdentity(key).storeDurably()
                            .usingJobData(ORGANIZATION, org.name()).usingJobData(LIST, export.list().strip())
                            .usingJobData(ZONE, export.zoneId().getId()).build();
                    LocalTime at = export.time();
                    String cron = at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * ?";
                    TimeZone zone = TimeZone.getTimeZone(export.zoneId());
                    if (quartz.getTrigger(TriggerKey.triggerKey(key.getName(), GROUP)) instanceof CronTrigger kept
                            && kept.getCronExpression().equals(cron) && kept.getTimeZone().getID().equals(zone.getID())) {
                        // the stored trigger stays: a firing missed while every server was down is still due, and
                        // its misfire instruction runs it once now (a new trigger would start after it)
                        quartz.addJob(detail, true);
                    } else {
                        Trigger daily = TriggerBuilder.newTrigger().withIdentity(key.getName(), GROUP).forJob(key)
                                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(zone)
                                        .withMisfireHandlingInstructionFireAndProceed())
                                .build();
                        quartz.scheduleJob(detail, Set.of(daily), true);
                    }
                    LOG.info("Scheduled export of {}/{} daily at {} {}", org.name(), export.list(), export.time(),
                            export.zoneId());
                }
            }
            for (JobKey key : quartz.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                if (!declared.contains(key)) {
                    quartz.deleteJob(key);
                    LOG.info("Scheduled export {} removed: the users file no longer declares it", key.getName());
                }
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule the daily exports: " + e.getMessage(), e);
        }
    }

    /** A run queued: its JOB_ID and the two files it writes, relative to the organization's root. */
    public record Queued(long jobId, String changedFile, String optOutsFile) {
    }

    /**
     * Queues the export of {@code day} (reckoned in {@code zone}) for the organization's database named by
     * LIST_ID or name. Also the test hook: a run for any day, as the trigger would make for yesterday.
     */
    public Queued run(String organizationName, String listRef, LocalDate day, ZoneId zone) {
        Organization org = users.organizations().stream().filter(o -> o.name().equals(organizationName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no organization " + organizationName));
        OrgUser user = users.firstUserOf(org.id())
                .orElseThrow(() -> new IllegalArgumentException("organization " + organizationName + " has no user"));
        ContactList list = list(org.id(), listRef)
                .orElseThrow(() -> new IllegalArgumentException("organization " + organizationName + " has no database "
                        + listRef));
        ContactList db = contacts.databaseOf(list);
        String folder = OrganizationFolders.REPORTING + "/" + day;
        String base = UNSAFE.matcher(list.name()).replaceAll("_");
        String changed = base + "_changed_" + COMPACT.format(day) + ".csv";
        String optOuts = base + "_optouts_" + COMPACT.format(day) + ".csv";
        LocalDateTime from = serverTime(day, zone);
        LocalDateTime to = serverTime(day.plusDays(1), zone).minusNanos(1_000_000);
        List<ExportSpec.Field> changedFields = new ArrayList<>();
        changedFields.add(ExportSpec.Field.of(SystemField.RECIPIENT_ID));
        SystemField.STANDARD.forEach(f -> changedFields.add(ExportSpec.Field.of(f)));
        List<ExportSpec.Field> optOutFields = new ArrayList<>(List.of(ExportSpec.Field.of(SystemField.RECIPIENT_ID),
                ExportSpec.Field.of(SystemField.EMAIL), ExportSpec.Field.of(SystemField.CHANNEL),
                ExportSpec.Field.of(SystemField.OPTED_OUT)));
        contacts.columns(db.id()).forEach(c -> {
            changedFields.add(ExportSpec.Field.column(c.name()));
            optOutFields.add(ExportSpec.Field.column(c.name()));
        });
        String description = "Scheduled export of " + list.name() + " for " + day;
        // EXPORT_TYPE, EXPORT_FORMAT and FILE_ENCODING as ExportList's (ALL, CSV): clients tell exports by them
        List<List<String>> parameters = List.of(List.of("EXPORT_TYPE", String.valueOf(ExportType.ALL.code())),
                List.of("EXPORT_FORMAT", String.valueOf(ExportFormat.CSV.code())), List.of("FILE_ENCODING", "utf-8"),
                List.of("LIST_ID", String.valueOf(list.id())),
                List.of("LIST_NAME", list.name()), List.of("DAY", day.toString()), List.of("ZONE", zone.getId()),
                List.of("CHANGED_FILE", "/" + folder + "/" + changed), List.of("OPTOUTS_FILE", "/" + folder + "/" + optOuts));
        long jobId = jobs.submitExport(user, new ImportJobService.ExportSubmission(list, description,
                StandardCharsets.UTF_8.name(), Optional.empty(), folder + "/" + changed,
                id -> new ExportSpec(ExportType.ALL, ExportFormat.CSV, StandardCharsets.UTF_8.name(), from.toString(),
                        to.toString(), false, changedFields, DATE_PATTERN, changed, parameters,
                        new ExportSpec.Daily(folder, changed, optOuts, optOutFields)).json()));
        return new Queued(jobId, folder + "/" + changed, folder + "/" + optOuts);
    }

    /** The run a trigger makes: the day before today in the export's zone. */
    void runScheduled(String organizationName, String listRef, ZoneId zone, Instant scheduledFor) {
        // the day before the firing's own time: a late (misfired) run after midnight still exports the right day,
        // and any node of a cluster, whatever its clock, exports the same one
        LocalDate yesterday = LocalDate.ofInstant(scheduledFor, zone).minusDays(1);
        try {
            Queued queued = run(organizationName, listRef, yesterday, zone);
            LOG.info("Scheduled export of {}/{} for {} queued as job {}", organizationName, listRef, yesterday,
                    queued.jobId());
        } catch (IllegalArgumentException e) {
            LOG.warn("Scheduled export of {}/{} for {} not run: {}", organizationName, listRef, yesterday, e.getMessage());
        }
    }

    private Optional<ContactList> list(long organizationId, String listRef) {
        if (listRef.matches("\\d{1,18}")) {
            Optional<ContactList> byId = contacts.find(organizationId, Long.parseLong(listRef));
            if (byId.isPresent()) {
                return byId;
            }
        }
        return contacts.findByName(organizationId, null, listRef);
    }

    /** Contact times are stored in the server's time zone; the day is reckoned in the export's. */
    private static LocalDateTime serverTime(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).withZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
    }

    /**
     * The housekeeping step: in every organization's {@code reporting/<day>/}, a CSV file older than a day
     * (by its modification time) becomes {@code .csv.gz} (through a hidden part file, keeping the time), any
     * file older than a week is removed, then an emptied day folder. Answers how many files it changed.
     */
    public int tidy() {
        int changed = 0;
        long now = clock.millis();
        for (Path reporting : folders.reportingFolders()) {
            try (DirectoryStream<Path> days = Files.newDirectoryStream(reporting)) {
                for (Path day : days) {
                    if (Files.isDirectory(day) && DAY_FOLDER.matcher(day.getFileName().toString()).matches()) {
                        changed += tidyDay(day, now, LocalDate.now(clock).minus(REMOVE_AFTER.toDays(), ChronoUnit.DAYS));
                    }
                }
            } catch (IOException e) {
                LOG.warn("Reporting files of {} not tidied: {}", reporting.getParent().getFileName(), e.getMessage());
            }
        }
        return changed;
    }

    private static int tidyDay(Path day, long now, LocalDate removedBefore) throws IOException {
        int changed = 0;
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(day, Files::isRegularFile)) {
            entries.forEach(files::add);
        }
        for (Path file : files) {
            FileTime modified = Files.getLastModifiedTime(file);
            long age = now - modified.toMillis();
            String name = file.getFileName().toString();
            if (age > REMOVE_AFTER.toMillis()) {
                Files.deleteIfExists(file);
                changed++;
            } else if (age > COMPRESS_AFTER.toMillis() && name.endsWith(".csv") && !name.startsWith(".")) {
                Path part = day.resolve("." + name + ".gz.part");
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(part))) {
                    Files.copy(file, out);
                }
                // the week counts from the day the file was written, not from its compression
                Files.setLastModifiedTime(part, modified);
                Files.move(part, day.resolve(name + ".gz"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                Files.delete(file);
                changed++;
            }
        }
        try (DirectoryStream<Path> left = Files.newDirectoryStream(day)) {
            if (!left.iterator().hasNext() && LocalDate.parse(day.getFileName().toString()).isBefore(removedBefore)) {
                Files.deleteIfExists(day);
            }
        }
        return changed;
    }

    /** The Quartz job of one daily export; one at a time, and on one server of a cluster. */
    @DisallowConcurrentExecution
    public static final class Run implements Job {
        private final ScheduledExports exports;

        public Run(ScheduledExports exports) {
            this.exports = exports;
        }

        @Override
        public void execute(JobExecutionContext context) {
            JobDataMap data = context.getMergedJobDataMap();
            exports.runScheduled(data.getString(ORGANIZATION), data.getString(LIST), ZoneId.of(data.getString(ZONE)),
                    context.getScheduledFireTime().toInstant());
        }
    }
}
