package io.listgate.flows;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.listgate.files.FlowLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The options of a flow, from the optional {@code import/flow.yaml} beside {@code map.xml}. A file
 * of its own rather than elements in {@code map.xml}, so that the mapping stays exactly ImportList's
 * (same XSD) and can be copied from a job.
 *
 * @param listNamePattern a regular expression the dropped file's whole name must match; its group
 *                        {@code list} is the contact list's name (Accengage's
 *                        {@code staticlist_(?<list>.+)_\d+_\d{14}\.csv}); absent, the base name is
 * @param pull            a remote folder the flow fetches its files from on a schedule, if any
 */
record FlowOptions(String listNamePattern, FlowPull pull) {

    /** Beside {@code map.xml} in {@code import/}. */
    static final String FILE = FlowLayout.OPTIONS;
    static final FlowOptions NONE = new FlowOptions(null, null);
    private static final String LIST_GROUP = "list";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** The options of the flow whose {@code import/} folder this is; a file that says nothing valid is refused. */
    static FlowOptions of(Path importFolder) throws IOException {
        Path file = importFolder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        FlowOptions options;
        try {
            options = YAML.readValue(file.toFile(), FlowOptions.class);
        } catch (UnrecognizedPropertyException e) {
            throw new FlowScanner.Refused("import/" + FILE + " has an unknown option '" + e.getPropertyName()
                    + "' (known: listNamePattern, pull: " + FlowPull.FIELDS + ")");
        } catch (JsonProcessingException e) {
            throw new FlowScanner.Refused("import/" + FILE + " is not valid: " + e.getOriginalMessage());
        }
        if (options == null) {
            return NONE;
        }
        options.pattern();
        if (options.pull() != null) {
            options.pull().check();
        }
        return options;
    }

    /** Writes the options back (the pull's password replaced by its encrypted form). */
    void write(Path importFolder) throws IOException {
        Path temp = importFolder.resolve("." + FILE + ".tmp");
        YAML.writeValue(temp.toFile(), this);
        Files.move(temp, importFolder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Optional<Pattern> pattern() {
        if (listNamePattern == null || listNamePattern.isBlank()) {
            return Optional.empty();
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(listNamePattern);
        } catch (PatternSyntaxException e) {
            throw new FlowScanner.Refused("import/" + FILE + ": listNamePattern is not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
        if (!pattern.pattern().contains("(?<" + LIST_GROUP + ">")) {
            throw new FlowScanner.Refused("import/" + FILE + ": listNamePattern must have a group (?<list>...) naming the list");
        }
        return Optional.of(pattern);
    }

    /**
     * The contact list a file named {@code dropped} fills: the pattern's group {@code list}, or the
     * name without its extensions.
     */
    String listName(String dropped) {
        Optional<Pattern> pattern = pattern();
        if (pattern.isEmpty()) {
            return baseName(dropped);
        }
        Matcher m = pattern.get().matcher(dropped);
        if (!m.matches() || m.group(LIST_GROUP) == null || m.group(LIST_GROUP).isBlank()) {
            throw new FlowScanner.Refused("the file name " + dropped + " does not match import/" + FILE
                    + "'s listNamePattern " + listNamePattern);
        }
        return m.group(LIST_GROUP);
    }

    /** The name without {@code .gz} or {@code .zip}, then without its extension. */
    static String baseName(String name) {
        String base = name;
        for (String compressed : new String[] {".gz", ".zip"}) {
            if (base.toLowerCase(Locale.ROOT).endsWith(compressed)) {
                base = base.substring(0, base.length() - compressed.length());
            }
        }
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
