package io.listgate.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The values that identify one contact (an EMAIL, a RECIPIENT_ID, or the values of key or
 * SYNC_FIELDS columns), compared without letter case as the tables' collation compares them. Built
 * here from a file's row and from a stored contact alike, so the two always meet.
 */
public final class MatchKey {

    private final List<Object> values;
    private final String folded;

    private MatchKey(List<Object> values) {
        this.values = List.copyOf(values);
        StringBuilder key = new StringBuilder();
        for (Object value : values) {
            key.append(value.toString().toLowerCase(Locale.ROOT)).append('\u0000');
        }
        this.folded = key.toString();
    }

    /** A key of these values (Strings, or a Long for RECIPIENT_ID), none null. */
    public static MatchKey of(List<?> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a key has at least one value");
        }
        return new MatchKey(new ArrayList<>(values));
    }

    public static MatchKey of(Object value) {
        return of(List.of(value));
    }

    /** The values in key order, as SQL parameters. */
    public List<Object> values() {
        return values;
    }

    /** The values as people read them in an error file: {@code a | b}. */
    public String text() {
        StringJoiner text = new StringJoiner(" | ");
        values.forEach(v -> text.add(v.toString()));
        return text.toString();
    }

    /** The case-folded form that {@link #equals} compares. */
    public String folded() {
        return folded;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MatchKey key && key.folded.equals(folded);
    }

    @Override
    public int hashCode() {
        return folded.hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
