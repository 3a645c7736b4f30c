package io.listgate.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.diff.Diff;
import org.xmlunit.placeholder.PlaceholderDifferenceEvaluator;

/** Expected envelopes under {@code src/test/resources/fixtures}, compared with XMLUnit placeholders for volatile values. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String read(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless {@code actual} matches the fixture, ignoring whitespace between elements. */
    public static void assertMatches(String fixture, String actual) {
        assertMatchesText(fixture, read(fixture), actual);
    }

    /** As {@link #assertMatches}, with the fixture's text already read (and its run-time tokens replaced). */
    public static void assertMatchesText(String fixture, String expected, String actual) {
        Diff diff = DiffBuilder.compare(expected).withTest(actual)
                .ignoreWhitespace()
                .withDifferenceEvaluator(new PlaceholderDifferenceEvaluator())
                .checkForSimilar()
                .build();
        if (diff.hasDifferences()) {
            fail("response differs from " + fixture + ": " + diff + "\nactual: " + actual);
        }
    }
}
