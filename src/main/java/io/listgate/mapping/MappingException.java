package io.listgate.mapping;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A mapping file that is not well-formed, not valid against {@code xsd/list-import.xsd}, or breaks a
 * rule of ImportList. The message names the file, line and element of each problem, for the author
 * of the script that wrote the file.
 */
public final class MappingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final transient List<Problem> problems;

    public MappingException(String fileName, List<Problem> problems) {
        super(describe(fileName, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a MappingException needs at least one problem");
        }
        this.fileName = fileName;
        this.problems = List.copyOf(problems);
    }

    /** One problem, with the line it was found on (0 when not tied to a line). */
    public static MappingException of(String fileName, int line, String message) {
        return new MappingException(fileName, List.of(new Problem(line, message)));
    }

    /** The name of the mapping file as the client gave it. */
    public String fileName() {
        return fileName;
    }

    /** Every problem found, in file order for the schema ones. */
    public List<Problem> problems() {
        return problems;
    }

    private static String describe(String fileName, List<Problem> problems) {
        return problems.stream().map(p -> p.describe(fileName)).collect(Collectors.joining("; "));
    }

    /**
     * One thing wrong with the file.
     *
     * @param line    1-based line, or 0 when the problem concerns the file as a whole
     * @param message what is wrong, naming the element
     */
    public record Problem(int line, String message) {

        /** {@code map.xml line 5: message}. */
        public String describe(String fileName) {
            return line > 0 ? fileName + " line " + line + ": " + message : fileName + ": " + message;
        }
    }
}
