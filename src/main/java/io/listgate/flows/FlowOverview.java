package io.listgate.flows;

import io.listgate.files.FlowLayout;
import io.listgate.files.OrganizationFolders;
import io.listgate.importjob.ImportJobService;
import io.listgate.xml.HardenedXml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What the admin Flows page shows of an organization's hot folders, read from its folders and the job
 * records the scanner left; and the one change the admin pages make there, a new flow from a mapping.
 */
public final class FlowOverview {

    /** Files of {@code ok/} and {@code ko/} shown per flow root, newest first. */
    static final int LAST_RESULTS = 10;
    private static final List<String> MARKER_SUFFIXES = List.of(".txt", ".done");

    private final OrganizationFolders folders;
    private final ImportJobService jobs;

    public FlowOverview(OrganizationFolders folders, ImportJobService jobs) {
        this.folders = folders;
        this.jobs = jobs;
    }

    /** A file of an {@code in/} folder and why it is still there. */
    public record Waiting(String folder, String name, String state) {
    }

    /** A file of {@code on/}, {@code ok/} or {@code ko/} with its job, when one was submitted for it. */
    public record Handled(String folder, String name, boolean ok, Optional<Long> jobId, Instant at) {
    }

    /** One flow root: {@code contacts} or {@code flows/<name>}. */
    public record Root(String name, String mode, String database, List<Waiting> waiting, List<Handled> running,
                       List<Handled> last) {
    }

    /** Why a flow could not be made. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Every flow root of the organization: {@code contacts} first, then {@code flows/*} by name. */
    public List<Root> roots(String organizationName, long organizationId) {
        Path root = folders.root(organizationName);
        List<Path> flowRoots = new ArrayList<>();
        flowRoots.add(root.resolve(FlowLayout.CONTACTS));
        Path flows = root.resolve(FlowLayout.FLOWS);
        if (Files.isDirectory(flows)) {
            flowRoots.addAll(list(flows).stream().filter(Files::isDirectory)
                    .filter(p -> FlowLayout.FLOW_NAME.matcher(p.getFileName().toString()).matches()).sorted().toList());
        }
        return flowRoots.stream().filter(Files::isDirectory).map(f -> root(root, f, organizationId)).toList();
    }

    private Root root(Path root, Path flowRoot, long organizationId) {
        Path importFolder = flowRoot.resolve(FlowLayout.Kind.IMPORT.folder());
        FlowScanner.Mode mode = FlowScanner.Mode.of(importFolder);
        boolean markersOnly = Files.exists(flowRoot.resolve(FlowLayout.MARKERS));
        List<Waiting> waiting = new ArrayList<>();
        List<Handled> running = new ArrayList<>();
        List<Handled> done = new ArrayList<>();
        for (FlowLayout.Kind kind : FlowLayout.Kind.values()) {
            Path folder = flowRoot.resolve(kind.folder());
            String flow = relative(root, folder);
            Path in = folder.resolve(FlowLayout.IN);
            for (Path file : list(in)) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || isMarker(in, name)) {
                    continue;
                }
                boolean marked = MARKER_SUFFIXES.stream().anyMatch(s -> Files.exists(in.resolve(name + s)));
                waiting.add(new Waiting(kind.folder(), name, marked ? "complete, taken at the next scan"
                        : markersOnly ? "waiting for marker" : "waiting for quiet time"));
            }
            for (Path file : list(folder.resolve(FlowLayout.ON))) {
                running.add(handled(organizationId, flow, kind, file, true));
            }
            for (String stage : List.of(FlowLayout.OK, FlowLayout.KO)) {
                for (Path file : list(folder.resolve(stage))) {
                    String name = file.getFileName().toString();
                    if (!name.endsWith(".res") && !name.endsWith(".err")) {
                        done.add(handled(organizationId, flow, kind, file, stage.equals(FlowLayout.OK)));
                    }
                }
            }
        }
        List<Handled> last = done.stream().sorted(Comparator.comparing(Handled::at).reversed()).limit(LAST_RESULTS).toList();
        return new Root(relative(root, flowRoot), mode.marker() + (Files.exists(importFolder.resolve(mode.marker()))
                ? "" : " (the default: no marker file)"), database(importFolder.resolve(FlowLayout.MAP)), waiting, running,
                last);
    }

    /** The job of a file taken into {@code on/}; files in ok/ and ko/ keep the name they had there. */
    private Handled handled(long organizationId, String flow, FlowLayout.Kind kind, Path file, boolean ok) {
        String name = file.getFileName().toString();
        Optional<Long> job = jobs.findFlowJob(organizationId, flow, flow + "/" + FlowLayout.ON + "/" + name)
                .map(j -> j.id());
        return new Handled(kind.folder(), name, ok, job, modified(file));
    }

    /** The database {@code map.xml} names (LIST_ID or the LIST_NAME it creates); what is missing otherwise. */
    static String database(Path mapXml) {
        if (!Files.isRegularFile(mapXml)) {
            return "no map.xml yet";
        }
        try {
            Document doc = HardenedXml.documentBuilder().parse(mapXml.toFile());
            for (String element : List.of("LIST_ID", "LIST_NAME")) {
                NodeList found = doc.getElementsByTagName(element);
                if (found.getLength() > 0) {
                    return (element.equals("LIST_ID") ? "LIST_ID " : "") + found.item(0).getTextContent().trim();
                }
            }
            return "map.xml names no database";
        } catch (SAXException | IOException e) {
            return "map.xml cannot be read: " + e.getMessage();
        }
    }

    /**
     * Creates {@code flows/<name>/import/map.xml} holding {@code mapping} ("Make a hot folder from this
     * job"); refuses a name {@link FlowLayout#FLOW_NAME} does not allow and a flow that exists.
     */
    public void create(String organizationName, String name, byte[] mapping) throws Refused {
        if (name == null || !FlowLayout.FLOW_NAME.matcher(name).matches()) {
            throw new Refused("A flow name is 1 to 100 letters, digits, dots, dashes or underscores, starting with a"
                    + " letter or digit.");
        }
        Path flows = folders.root(organizationName).resolve(FlowLayout.FLOWS);
        Path flow = flows.resolve(name);
        try {
            Files.createDirectories(flows);
            // createDirectory, not createDirectories: an existing flow is refused, never overwritten
            Files.createDirectory(flow);
            Path importFolder = Files.createDirectories(flow.resolve(FlowLayout.Kind.IMPORT.folder()));
            for (String stage : FlowLayout.STAGES) {
                Files.createDirectories(importFolder.resolve(stage));
            }
            Files.write(importFolder.resolve(FlowLayout.MAP), mapping);
        } catch (FileAlreadyExistsException e) {
            throw new Refused("There is already a flow " + name + ": pick another name.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the flow " + flow, e);
        }
    }

    private static boolean isMarker(Path in, String name) {
        return MARKER_SUFFIXES.stream().anyMatch(s -> name.endsWith(s) && name.length() > s.length()
                && Files.exists(in.resolve(name.substring(0, name.length() - s.length()))));
    }

    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            return List.of();
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }
}
