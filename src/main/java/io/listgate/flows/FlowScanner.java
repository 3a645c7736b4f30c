package io.listgate.flows;

import io.listgate.api.ApiException;
import io.listgate.config.ListGateConfig;
import io.listgate.contacts.ColumnNames;
import io.listgate.contacts.ConsentChannel;
import io.listgate.contacts.ContactDatabaseService;
import io.listgate.contacts.ContactList;
import io.listgate.contacts.KeyKind;
import io.listgate.contacts.ListColumn;
import io.listgate.files.FlowLayout;
import io.listgate.files.OrganizationFolders;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.ImportJobService;
import io.listgate.importjob.Source;
import io.listgate.mapping.Action;
import io.listgate.mapping.ImportMapping;
import io.listgate.mapping.MappingException;
import io.listgate.mapping.MappingParser;
import io.listgate.user.OrgUser;
import io.listgate.user.Organization;
import io.listgate.user.UserService;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at every organization's hot folders on a timer: takes each complete file of an {@code in/}
 * folder (its marker is there, or it has been quiet long enough, and no upload of it is running),
 * moves it to {@code on/} under {@code <epoch seconds>_<name>} and submits it as an import job
 * through the same door as ImportList. The move is the claim: of several servers sharing the data
 * directory only one succeeds. It also submits or files what a crash left in {@code on/}, and removes
 * results older than the configured days.
 */
public final class FlowScanner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlowScanner.class);
    /** A file in on/ with no job yet is left this long to the server that took it before another submits it. */
    private static final Duration CLAIM_GRACE = Duration.ofSeconds(60);
    private static final List<String> MARKER_SUFFIXES = List.of(".txt", ".done");
    /** An upload mark without its file is kept this long: the upload may not have created the file yet. */
    private static final Duration STALE_SENTINEL = Duration.ofHours(1);

    private final OrganizationFolders folders;
    private final UserService users;
    private final ContactDatabaseService contacts;
    private final ImportJobService imports;
    private final FlowFiling filing;
    private final FlowPuller puller;
    private final ListGateConfig.HotFolders settings;
    private final long maxExpandedBytes;
    private final Clock clock;
    private final MappingParser parser = new MappingParser();
    /** Size and time of each file last seen in an in/ folder, for the quiet-time rule. */
    private final Map<Path, Seen> seen = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    private record Seen(long size, long modified) {
    }

    public FlowScanner(OrganizationFolders folders, UserService users, ContactDatabaseService contacts,
                       ImportJobService imports, FlowFiling filing, FlowPuller puller, ListGateConfig.HotFolders settings,
                       long maxExpandedBytes, Clock clock) {
        this.folders = folders;
        this.users = users;
        this.contacts = contacts;
        this.imports = imports;
        this.filing = filing;
        this.puller = puller;
        this.settings = settings;
        this.maxExpandedBytes = maxExpandedBytes;
        this.clock = clock;
    }

    /** Makes every organization's {@code contacts/} tree, then scans on a timer. */
    public void start() {
        scan();
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "listgate-hot-folders"));
        long every = settings.scanEvery().toMillis();
        timer.scheduleWithFixedDelay(this::scan, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One pass over every organization's flow roots; a failure in one is logged and the others go on. */
    void scan() {
        List<Organization> organizations;
        try {
            organizations = users.organizations();
        } catch (RuntimeException e) {
            // the database is away: the next pass tries again (an exception would end the timer)
            LOG.warn("Hot folders: cannot list organizations: {}", e.toString());
            return;
        }
        for (Organization org : organizations) {
            try {
                scan(org);
            } catch (IOException | RuntimeException e) {
                LOG.error("Hot folders of organization {}: {}", org.name(), e.toString(), e);
            }
        }
    }

    private void scan(Organization org) throws IOException {
        Path root = folders.root(org.name());
        for (Path flowRoot : flowRoots(root)) {
            Files.createDirectories(flowRoot.resolve(FlowLayout.Kind.IMPORT.folder()));
            puller.reconcile(org.name(), relative(root, flowRoot), flowRoot.resolve(FlowLayout.Kind.IMPORT.folder()),
                    settings.quietTime());
            for (FlowLayout.Kind kind : FlowLayout.Kind.values()) {
                Path folder = flowRoot.resolve(kind.folder());
                for (String stage : FlowLayout.STAGES) {
                    Files.createDirectories(folder.resolve(stage));
                }
                recover(org, root, flowRoot, kind, folder);
                take(org, root, flowRoot, kind, folder);
                expire(folder.resolve(FlowLayout.OK));
                expire(folder.resolve(FlowLayout.KO));
            }
        }
    }

    /** {@code contacts/} and every well-named folder the organization made under {@code flows/}. */
    private static List<Path> flowRoots(Path root) throws IOException {
        List<Path> roots = new ArrayList<>(List.of(root.resolve(FlowLayout.CONTACTS)));
        Path flows = root.resolve(FlowLayout.FLOWS);
        Files.createDirectories(flows);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(flows)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                        && FlowLayout.FLOW_NAME.matcher(entry.getFileName().toString()).matches()) {
                    roots.add(entry);
                }
            }
        }
        roots.sort(Comparator.naturalOrder());
        return roots;
    }

    /** Regular files of a folder (no links, nothing hidden), oldest first, then by name. */
    private static List<Path> files(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().startsWith(".") && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(entry);
                }
            }
        }
        files.sort(Comparator.comparing((Path p) -> modified(p)).thenComparing(Comparator.naturalOrder()));
        return files;
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private void take(Organization org, Path root, Path flowRoot, FlowLayout.Kind kind, Path folder) throws IOException {
        Path in = folder.resolve(FlowLayout.IN);
        boolean markersOnly = Files.exists(flowRoot.resolve(FlowLayout.MARKERS));
        for (Path file : files(in)) {
            String name = file.getFileName().toString();
            // a marker of a file taken earlier in this pass is gone already
            if (!Files.exists(file) || isMarker(in, name) || Files.exists(in.resolve(FlowLayout.uploadingSentinel(name)))) {
                continue;
            }
            boolean marked = MARKER_SUFFIXES.stream().anyMatch(s -> Files.exists(in.resolve(name + s)));
            try {
                if (!marked && (markersOnly || !quiet(file))) {
                    continue;
                }
            } catch (NoSuchFileException gone) {
                continue;
            }
            Path on = onPath(folder, name);
            try {
                Files.move(file, on, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException taken) {
                continue;
            }
            seen.remove(file);
            for (String suffix : MARKER_SUFFIXES) {
                Files.deleteIfExists(in.resolve(name + suffix));
            }
            LOG.info("Hot folder {}: took {}", root.relativize(folder), name);
            submit(org, root, flowRoot, kind, folder, on);
        }
        seen.keySet().removeIf(p -> p.startsWith(in) && !Files.exists(p));
        clearStaleSentinels(in);
    }

    /** Upload marks whose file is gone for good (a refused or abandoned upload) are removed after a while. */
    private void clearStaleSentinels(Path in) throws IOException {
        long limit = clock.millis() - STALE_SENTINEL.toMillis();
        try (DirectoryStream<Path> marks = Files.newDirectoryStream(in, "." + "*" + FlowLayout.UPLOADING)) {
            for (Path mark : marks) {
                String name = mark.getFileName().toString();
                String file = name.substring(1, name.length() - FlowLayout.UPLOADING.length());
                if (!Files.exists(in.resolve(file)) && modified(mark) < limit) {
                    Files.deleteIfExists(mark);
                }
            }
        }
    }

    /** Where a file taken now goes: {@code on/<epoch seconds>_<name>}, the time {@link #takenBefore} reads back. */
    private Path onPath(Path folder, String name) {
        return folder.resolve(FlowLayout.ON).resolve(clock.instant().getEpochSecond() + "_" + name);
    }

    /**
     * A completion marker ({@code x.csv.txt}, {@code x.csv.done}): of a file that is there, or named
     * after a file with an extension that is still to come. {@code customers.txt} is a source.
     */
    private static boolean isMarker(Path in, String name) {
        for (String suffix : MARKER_SUFFIXES) {
            if (name.endsWith(suffix)) {
                String stem = name.substring(0, name.length() - suffix.length());
                if (stem.indexOf('.') > 0 || Files.exists(in.resolve(stem))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Unchanged since the last pass and untouched for the quiet time. */
    private boolean quiet(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Seen now = new Seen(attributes.size(), attributes.lastModifiedTime().toMillis());
        Seen before = seen.put(file, now);
        long age = clock.millis() - now.modified();
        return now.equals(before) && age >= settings.quietTime().toMillis();
    }

    /** Files a crash left in on/: submitted when no job has them yet, filed when their job has ended. */
    private void recover(Organization org, Path root, Path flowRoot, FlowLayout.Kind kind, Path folder) throws IOException {
        String flow = relative(root, folder);
        for (Path file : files(folder.resolve(FlowLayout.ON))) {
            Path parts = FlowDispatch.partsOf(file);
            if (Files.isDirectory(parts)) {
                recoverDispatched(org, root, flowRoot, kind, folder, file, parts);
                continue;
            }
            Optional<ImportJob> job = imports.findFlowJob(org.id(), flow, relative(root, file));
            if (job.isPresent()) {
                if (job.get().status().isFinished()) {
                    filing.file(job.get());
                }
            } else if (takenBefore(file, clock.instant().minus(CLAIM_GRACE))) {
                LOG.info("Hot folder {}: {} has no job yet, submitting it", flow, file.getFileName());
                submit(org, root, flowRoot, kind, folder, file);
            }
        }
    }

    /** A dispatched file: parts without a job are submitted, ended ones filed, and the file once all have ended. */
    private void recoverDispatched(Organization org, Path root, Path flowRoot, FlowLayout.Kind kind, Path folder, Path file,
                                   Path parts) throws IOException {
        boolean missing = false;
        for (Path part : FlowDispatch.parts(parts)) {
            Optional<ImportJob> job = imports.findFlowJob(org.id(), relative(root, folder), relative(root, part));
            if (job.isEmpty()) {
                missing = true;
            } else if (job.get().status().isFinished()) {
                filing.file(job.get());
            }
        }
        if (missing && takenBefore(file, clock.instant().minus(CLAIM_GRACE))) {
            LOG.info("Hot folder {}: parts of {} have no job yet, submitting them", relative(root, folder), file.getFileName());
            submit(org, root, flowRoot, kind, folder, file);
        } else if (!missing && Files.exists(file) && FlowDispatch.allEnded(parts)) {
            filing.fileDispatched(folder, file);
        }
    }

    private static boolean takenBefore(Path onFile, Instant limit) {
        String name = onFile.getFileName().toString();
        int cut = name.indexOf('_');
        try {
            return cut > 0 && Instant.ofEpochSecond(Long.parseLong(name.substring(0, cut))).isBefore(limit);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void expire(Path folder) throws IOException {
        long limit = clock.millis() - Duration.ofDays(settings.keepDays()).toMillis();
        for (Path file : files(folder)) {
            if (modified(file) < limit) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    /** What became of a file of on/: its job, or why it went to ko/ without one. */
    record Submitted(long jobId, String refusal) {
    }

    /** Submits a file of on/ as a job of the one import door, or files it in ko/ saying why it cannot be. */
    private Submitted submit(Organization org, Path root, Path flowRoot, FlowLayout.Kind kind, Path folder, Path on) {
        try {
            Optional<String> tooBig = tooBig(org.name(), Files.size(on));
            if (tooBig.isPresent()) {
                throw new Refused(tooBig.get());
            }
            OrgUser user = users.firstUserOf(org.id()).orElseThrow(() ->
                    new Refused("the organization has no user to run the import as"));
            Path mapPath = flowRoot.resolve(FlowLayout.Kind.IMPORT.folder()).resolve(FlowLayout.MAP);
            if (!Files.isRegularFile(mapPath)) {
                throw new Refused("the flow has no " + relative(root, mapPath) + " (a LIST_IMPORT mapping)");
            }
            byte[] mapXml = Files.readAllBytes(mapPath);
            ImportMapping mapping;
            try {
                mapping = parser.parse(new ByteArrayInputStream(mapXml), relative(root, mapPath));
            } catch (MappingException e) {
                throw new Refused(e.getMessage());
            }
            String listName = kind == FlowLayout.Kind.IMPORT ? FlowOptions.of(folder).listName(dropped(on)) : null;
            Flow flow = new Flow(user, root, flowRoot, kind, folder, relative(root, mapPath), mapXml, mapping, listName);
            if (FlowDispatch.applies(flowRoot, kind, folder)) {
                return dispatch(flow, on);
            }
            Optional<ContactList> database = mapping.listInfo().listId().flatMap(id -> contacts.find(org.id(), id))
                    .or(() -> mapping.listInfo().listName().flatMap(name -> contacts.findByName(org.id(), null, name)))
                    .filter(db -> !db.isContactList());
            return new Submitted(submitOne(flow, database, on), null);
        } catch (Refused | ApiException e) {
            FlowFiling.refuse(on, folder, e.getMessage());
            return new Submitted(0, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("Hot folder {}: {} cannot be submitted", relative(root, folder), on.getFileName(), e);
            String reason = "the file could not be submitted; the server log has the details";
            FlowFiling.refuse(on, folder, reason);
            return new Submitted(0, reason);
        }
    }

    /** What a file of a flow is submitted with: who, where, the flow's mapping and the contact list its name gives. */
    private record Flow(OrgUser user, Path root, Path flowRoot, FlowLayout.Kind kind, Path folder, String mapName,
                        byte[] mapXml, ImportMapping mapping, String listName) {
    }

    /**
     * A dispatched file: split once into one part per database, each part a job of its own (those
     * that have none yet, after a crash); a file whose every row has an unknown reference is filed.
     */
    private Submitted dispatch(Flow flow, Path on) throws IOException {
        long organizationId = flow.user().organizationId();
        List<Path> parts = FlowDispatch.split(on, flow.mapping().listInfo(),
                FlowDispatch.table(flow.flowRoot(), organizationId, contacts), maxExpandedBytes);
        long first = 0;
        for (Path part : parts) {
            Optional<ImportJob> job = imports.findFlowJob(organizationId, relative(flow.root(), flow.folder()),
                    relative(flow.root(), part));
            long id = job.isPresent() ? job.get().id()
                    : submitOne(flow, contacts.find(organizationId, FlowDispatch.databaseOf(part)), part);
            first = first == 0 ? id : first;
        }
        if (parts.isEmpty()) {
            filing.fileDispatched(flow.folder(), on);
        }
        return new Submitted(first, null);
    }

    /** One job of the one door: {@code source} (the file, or a part of it) into {@code database}. */
    private long submitOne(Flow flow, Optional<ContactList> database, Path source) throws IOException {
        Optional<ConsentChannel> channel = channel(flow.kind());
        byte[] job = switch (flow.kind()) {
            case IMPORT -> importMapping(flow.user(), flow.flowRoot(), flow.listName(), flow.mapXml(), flow.mapping(), database);
            case DELETE -> keyMapping(source, flow, database.orElseThrow(FlowScanner::noDatabaseYet), Action.DELETE, null);
            default -> keyMapping(source, flow, database.orElseThrow(FlowScanner::noDatabaseYet),
                    flow.kind().isOptOut() ? Action.OPT_OUT : Action.OPT_IN, channel.orElse(null));
        };
        String folder = relative(flow.root(), flow.folder());
        long id = imports.submit(flow.user(), new ImportJobService.Door(flow.mapName(), job, relative(flow.root(), source),
                source, folder, channel.orElse(null)), Optional.empty(), Optional.empty());
        LOG.info("Hot folder {}: {} is import job {}", folder, source.getFileName(), id);
        return id;
    }

    /** Why a file of {@code bytes} is too big for the organization's hot folders, if it is. */
    Optional<String> tooBig(String organization, long bytes) {
        OptionalLong cap = settings.maxBytes(organization);
        if (cap.isPresent() && bytes > cap.getAsLong()) {
            return Optional.of("the file is " + bytes + " bytes, more than the " + cap.getAsLong()
                    + " bytes the organization's hot folders take (LISTGATE_FLOW_MAX_BYTES)");
        }
        return Optional.empty();
    }

    /**
     * An HTTP drop into a flow root's {@code import/in}: the file is complete once received, so it is
     * taken at once, as the scanner would, and becomes a job (or goes to {@code ko/}).
     *
     * @param flowRoot {@code contacts}, or the name of a flow root under {@code flows/}
     */
    Submitted drop(OrgUser user, String flowRoot, String name, InputStream content) throws IOException {
        if (!FlowLayout.FLOW_NAME.matcher(name).matches()) {
            throw new Refused("the file name must be letters, digits, '.', '_' or '-', not starting with '.'");
        }
        if (!FlowLayout.FLOW_NAME.matcher(flowRoot).matches()) {
            throw new Refused("no flow root " + flowRoot);
        }
        Organization org = new Organization(user.organizationId(), user.organizationName());
        Path root = folders.root(org.name());
        Path flow = flowRoot.equals(FlowLayout.CONTACTS) ? root.resolve(FlowLayout.CONTACTS)
                : root.resolve(FlowLayout.FLOWS).resolve(flowRoot);
        Path folder = flow.resolve(FlowLayout.Kind.IMPORT.folder());
        if (!Files.isDirectory(folder.resolve(FlowLayout.IN), LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused("no flow root " + flowRoot);
        }
        Path in = folder.resolve(FlowLayout.IN).resolve(name);
        Path mark = in.resolveSibling(FlowLayout.uploadingSentinel(name));
        Files.write(mark, new byte[0]);
        Files.copy(content, in, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(mark);
        Path on = onPath(folder, name);
        Files.move(in, on, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Hot folder {}: {} dropped over HTTP by {}", relative(root, folder), name, user.username());
        return submit(org, root, flow, FlowLayout.Kind.IMPORT, folder, on);
    }

    private static Refused noDatabaseYet() {
        return new Refused("the flow's database does not exist yet: drop a file in import/in first");
    }

    /**
     * The flow's mapping for a file of {@code import/in}: as it is while its CREATE has no database
     * yet (the first file makes it), then aimed at that database with the contact list the mode of
     * the flow names.
     */
    private byte[] importMapping(OrgUser user, Path flowRoot, String listName, byte[] mapXml, ImportMapping mapping,
                                 Optional<ContactList> database) throws IOException {
        if (database.isEmpty()) {
            return mapXml;
        }
        ContactList db = database.get();
        Mode mode = Mode.of(flowRoot.resolve(FlowLayout.Kind.IMPORT.folder()));
        ContactList list = switch (mode) {
            case CREATE_NEW -> contacts.createContactList(user.organizationId(), user.userId(), db.id(),
                    freeName(user.organizationId(), db.id(), listName), 0, null);
            case ADD_TO_EXISTING, SYNC_EXISTING -> contacts.findByName(user.organizationId(), db.id(), listName)
                    .orElseGet(() -> contacts.createContactList(user.organizationId(), user.userId(), db.id(), listName, 0,
                            null));
        };
        String action = mapping.action() == Action.CREATE ? Action.ADD_AND_UPDATE.name() : mapping.action().name();
        return FlowMappings.into(mapXml, db.id(), action, list.id(), mode == Mode.SYNC_EXISTING);
    }

    /** Which contact list a file of {@code import/in} fills, by the marker file in {@code import/}. */
    enum Mode {
        CREATE_NEW(".createNewList"), ADD_TO_EXISTING(".addToExistingList"), SYNC_EXISTING(".syncExistingList");

        private final String marker;

        /** The file in {@code import/} that selects this mode. */
        String marker() {
            return marker;
        }

        Mode(String marker) {
            this.marker = marker;
        }

        /** The mode its marker names; sync before add before the default, a new list per file. */
        static Mode of(Path importFolder) {
            for (Mode mode : List.of(SYNC_EXISTING, ADD_TO_EXISTING)) {
                if (Files.exists(importFolder.resolve(mode.marker))) {
                    return mode;
                }
            }
            return CREATE_NEW;
        }
    }

    /** The file's name as dropped: its name in on/ without the taking time. */
    static String dropped(Path on) {
        String name = on.getFileName().toString();
        return name.substring(name.indexOf('_') + 1);
    }

    private String freeName(long organizationId, long databaseId, String name) {
        String free = name;
        for (int n = 2; contacts.findByName(organizationId, databaseId, free).isPresent(); n++) {
            free = name + " (" + n + ")";
        }
        return free;
    }

    /** The consent channel of an {@code optout<MEDIA>} or {@code optin<MEDIA>} folder; empty for EMAIL (the opt-out) and the others. */
    static Optional<ConsentChannel> channel(FlowLayout.Kind kind) {
        return kind.media().flatMap(ConsentChannel::of);
    }

    /**
     * The mapping for a file of a delete, opt-out or opt-in folder: its header names the contacts.
     * EMAIL's folders name them by EMAIL, delete by the database's key; a channel's folders by the
     * channel's phone column (the database's one column of the channel's {@link ConsentChannel#phoneType}
     * type, as map.xml defined it) when the header names it, compared by digits, or else by the
     * database's key. The rest of the row is not read.
     */
    private byte[] keyMapping(Path on, Flow flow, ContactList db, Action action, ConsentChannel channel) throws IOException {
        ImportMapping mapping = flow.mapping();
        List<String> header = header(on, mapping.listInfo().fileType().delimiter());
        List<String> keys;
        String syncField = null;
        Optional<String> phone = channel == null ? Optional.empty() : phoneColumn(db, channel, header);
        if (phone.isPresent() && indexOf(header, phone.get()) > 0) {
            keys = List.of(phone.get());
            syncField = phone.get();
        } else if (channel == null && action != Action.DELETE) {
            keys = List.of("EMAIL");
        } else if (db.keyKind() == KeyKind.NONE) {
            throw new Refused("database " + db.id() + " has no unique key, so a " + flow.kind().folder()
                    + " file cannot name its contacts" + phone.map(p -> " (or name the column " + p + ")").orElse(""));
        } else {
            keys = db.keyKind() == KeyKind.EMAIL ? List.of("EMAIL")
                    : contacts.columns(db.id()).stream().filter(ListColumn::key).map(ListColumn::name).toList();
        }
        Map<String, Integer> fields = new LinkedHashMap<>();
        for (String key : keys) {
            int index = indexOf(header, key);
            if (index < 0) {
                String or = channel == null ? "" : phone.map(p -> " or " + p).orElse("");
                throw new Refused("the file's first line must name the column " + key + or + " (it names "
                        + String.join(", ", header) + ")");
            }
            fields.put(key, index);
        }
        return FlowMappings.byKey(flow.mapXml(), db.id(), action.name(), fields, syncField);
    }

    /** The 1-based position of {@code name} in the header (the last one when repeated), or -1. */
    private static int indexOf(List<String> header, String name) {
        int index = -1;
        for (int i = 0; i < header.size(); i++) {
            if (ColumnNames.same(header.get(i), name)) {
                index = i + 1;
            }
        }
        return index;
    }

    /**
     * The database's column of the channel's phone type; refused when map.xml made several and the
     * header names one of them (a file naming the contacts by key does not care).
     */
    private Optional<String> phoneColumn(ContactList db, ConsentChannel channel, List<String> header) {
        List<String> phones = contacts.columns(db.id()).stream().filter(c -> c.columnType() == channel.phoneType())
                .map(ListColumn::name).toList();
        if (phones.size() > 1 && phones.stream().anyMatch(p -> indexOf(header, p) > 0)) {
            throw new Refused("database " + db.id() + " has several columns of TYPE " + channel.phoneType() + " ("
                    + String.join(", ", phones) + "), so " + channel + " contacts cannot be named by phone: name them by"
                    + " the database's key");
        }
        return phones.size() == 1 ? Optional.of(phones.get(0)) : Optional.empty();
    }

    /** The names in the file's first line, unquoted. */
    private List<String> header(Path file, char delimiter) throws IOException {
        try (Source.Opened opened = Source.of(file, maxExpandedBytes).open();
             BufferedReader reader = new BufferedReader(new InputStreamReader(opened.data(), StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            if (line == null) {
                throw new Refused("the file is empty");
            }
            List<String> names = new ArrayList<>();
            for (String field : line.replace("\uFEFF", "").split(Pattern.quote(String.valueOf(delimiter)), -1)) {
                names.add(field.strip().replaceAll("^\"|\"$", ""));
            }
            return names;
        }
    }

    /** A file that cannot become a job, with the sentence its ko/ report gives. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
