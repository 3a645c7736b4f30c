package io.listgate.api;

import java.time.LocalDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The content of {@code RESULT} after {@code SUCCESS}: named values and named groups, in order.
 * Protocol adapters (XML API, SOAP) serialize it; operations never write XML themselves.
 */
public final class Result {

    /** One element: either a text value or child elements. */
    public record Node(String name, String text, List<Node> children) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private String success;

    public static Result empty() {
        return new Result();
    }

    public Result add(String name, Object value) {
        if (value instanceof TemporalAccessor) {
            // String.valueOf would write ISO-8601, which clients cannot parse: dates have their own method.
            throw new IllegalArgumentException(name + ": dates are added with add(String, LocalDateTime)");
        }
        nodes.add(new Node(name, value == null ? "" : String.valueOf(value), List.of()));
        return this;
    }

    /** A date and time in the API's one form ({@link ApiDates#dateTime}); empty for none. */
    public Result add(String name, LocalDateTime time) {
        return add(name, ApiDates.dateTime(time));
    }

    public Result group(String name, Consumer<Result> content) {
        Result inner = new Result();
        content.accept(inner);
        nodes.add(new Node(name, null, inner.nodes()));
        return this;
    }

    /**
     * Answers {@code SUCCESS} with this exact text instead of the transport's usual one, for the
     * operations whose clients compare a particular literal (OptOutRecipient's {@code SUCCESS},
     * AddContactToContactList's {@code TRUE}).
     */
    public Result success(String text) {
        this.success = text;
        return this;
    }

    /** The {@link #success(String)} text, if the operation set one. */
    public Optional<String> successText() {
        return Optional.ofNullable(success);
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }
}
