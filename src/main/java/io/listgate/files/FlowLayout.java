package io.listgate.files;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hot-folder tree of an organization's file root, as paths its clients see ({@code /...}). A
 * flow root is {@code /contacts} or a folder {@code /flows/<name>} the organization makes; each holds
 * one folder per {@link Kind}, each with {@code in/ on/ ok/ ko/}. Clients may write only files in
 * {@code in/}, the mapping {@code import/map.xml} and the marker files; they may delete what lands in
 * {@code ok/} and {@code ko/}. The server owns {@code on/}, {@code ok/} and {@code ko/}.
 */
public final class FlowLayout {

    /** The flow root every organization has. */
    public static final String CONTACTS = "contacts";
    /** The folder holding the flow roots an organization makes itself. */
    public static final String FLOWS = "flows";
    public static final String IN = "in";
    public static final String ON = "on";
    public static final String OK = "ok";
    public static final String KO = "ko";
    public static final List<String> STAGES = List.of(IN, ON, OK, KO);
    /** The mapping of {@code import/}. */
    public static final String MAP = "map.xml";
    /** The flow's options beside the mapping in {@code import/} (see {@code flows/FlowOptions}). */
    public static final String OPTIONS = "flow.yaml";
    /** In a flow root: files of its {@code in/} folders are taken only once their completion marker exists. */
    public static final String MARKERS = ".markers";
    /** In a flow root: {@code reference,LIST_ID} lines; files then name each row's database (see {@code flows/FlowDispatch}). */
    public static final String DISPATCH = "dispatch.csv";
    /** In an opt-out folder of a flow root with {@link #DISPATCH}: its files are dispatched too. */
    public static final String EXPLODE = ".explodeAndDispatch";
    /** Beside a file being uploaded, until its upload ends well: the file is not complete. */
    public static final String UPLOADING = ".uploading";

    /** What a flow folder does with the files dropped in its {@code in/}. */
    public enum Kind {
        IMPORT("import"),
        DELETE("delete"),
        OPT_OUT_EMAIL("optoutEMAIL"),
        OPT_IN_EMAIL("optinEMAIL"),
        OPT_OUT_SMS("optoutSMS"),
        OPT_IN_SMS("optinSMS"),
        OPT_OUT_VOICE("optoutVOICE"),
        OPT_IN_VOICE("optinVOICE"),
        OPT_OUT_VOICEMAIL("optoutVOICEMAIL"),
        OPT_IN_VOICEMAIL("optinVOICEMAIL");

        private final String folder;

        Kind(String folder) {
            this.folder = folder;
        }

        public String folder() {
            return folder;
        }

        /** An {@code optout<MEDIA>} folder. */
        public boolean isOptOut() {
            return folder.startsWith("optout");
        }

        /** The {@code <MEDIA>} of an {@code optout<MEDIA>} or {@code optin<MEDIA>} folder, empty for the others. */
        public Optional<String> media() {
            return folder.startsWith("optout") ? Optional.of(folder.substring("optout".length()))
                    : folder.startsWith("optin") ? Optional.of(folder.substring("optin".length())) : Optional.empty();
        }

        static Optional<Kind> of(String folder) {
            for (Kind kind : values()) {
                if (kind.folder.equals(folder)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    /** Names a client may give a flow root under {@code /flows}: no dot first, nothing hidden or odd. */
    public static final Pattern FLOW_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private static final String ROOT = "(/" + CONTACTS + "|/" + FLOWS + "/" + FLOW_NAME.pattern() + ")";
    private static final String KIND = "(" + String.join("|", Arrays.stream(Kind.values()).map(Kind::folder).toList())
            + ")";
    private static final String FILE = "([^/]+)";
    private static final Pattern IN_FILE = Pattern.compile(ROOT + "/" + KIND + "/in/" + FILE);
    private static final Pattern RESULT_FILE = Pattern.compile(ROOT + "/" + KIND + "/(ok|ko)/" + FILE);
    private static final Pattern ROOT_FILE = Pattern.compile(ROOT + "/(" + Pattern.quote(MARKERS) + "|" + Pattern.quote(DISPATCH)
            + ")");
    private static final Pattern OPT_OUT_MARKER = Pattern.compile(ROOT + "/optout[A-Z]+/" + Pattern.quote(EXPLODE));
    /** What a client writes in {@code import/}: the mapping and the mode markers. */
    private static final Pattern IMPORT_FILE = Pattern.compile(ROOT + "/import/(" + Pattern.quote(MAP)
            + "|" + Pattern.quote(OPTIONS) + "|\\.createNewList|\\.addToExistingList|\\.syncExistingList)");
    private static final Pattern FLOW_FOLDER = Pattern.compile("/" + FLOWS + "/" + FLOW_NAME.pattern());

    private FlowLayout() {
    }

    /** Whether a client may create, overwrite or remove this normalized path of the flow tree. */
    public static boolean isClientWritable(String path) {
        return IN_FILE.matcher(path).matches() || ROOT_FILE.matcher(path).matches()
                || IMPORT_FILE.matcher(path).matches() || OPT_OUT_MARKER.matcher(path).matches() || FLOW_FOLDER.matcher(path).matches();
    }

    /** Whether a client may remove this normalized path: what it may write, and the results in ok/ and ko/. */
    public static boolean isClientRemovable(String path) {
        return isClientWritable(path) || RESULT_FILE.matcher(path).matches();
    }

    /** The file's flow folder when the path names a file in an {@code in/} folder. */
    public static Optional<InFile> inFile(String path) {
        Matcher m = IN_FILE.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new InFile(m.group(1).substring(1), Kind.of(m.group(2)).orElseThrow(), m.group(3)));
    }

    /** A file in an {@code in/} folder: its flow root (relative, e.g. {@code contacts}), kind and name. */
    public record InFile(String flowRoot, Kind kind, String name) {
    }

    /** The sentinel a file's upload leaves beside it while it runs. */
    public static String uploadingSentinel(String fileName) {
        return "." + fileName + UPLOADING;
    }
}
