package io.listgate.mapping;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code LIST_INFO/LIST_DATE_FORMAT}: how the source file writes dates, in Acoustic's notation.
 *
 * <p>Tokens, in any letter case: {@code M} or {@code MM} month number, {@code MMM} or {@code MMMM}
 * English month name, {@code d} or {@code dd} day, {@code yy} or {@code yyyy} year; each of month,
 * day and year exactly once. Between tokens a separator of at most two characters out of
 * {@code . , ? / -} and space, or none. The default is {@code mm/dd/yyyy}.
 *
 * <p>Parsing is strict about the calendar (02/30/2024 is no date) and the separators, forgiving
 * about leading zeros: {@code MM} and {@code dd} take one or two digits unless they touch another
 * number token without separator, where they take exactly two. Month names match their English
 * full or three-letter form in any case. A two-digit year lands in the 100 years from 80 years
 * before today to 19 years after.
 */
public final class ListDateFormat {

    /** The format when {@code LIST_DATE_FORMAT} is absent. */
    public static final String DEFAULT_PATTERN = "mm/dd/yyyy";

    /** Acoustic's separators; '-' is not in every summary of the documentation but ISO dates need it. */
    private static final String SEPARATORS = ".,?/- ";

    private static final Map<String, Integer> MONTH_NAMES = monthNames();

    private final String pattern;
    private final List<Part> parts;
    /** The pattern's tokens as written (with their lengths), for {@link #format}. */
    private final List<Part> written;
    private final Clock clock;

    private ListDateFormat(String pattern, List<Part> parts, List<Part> written, Clock clock) {
        this.pattern = pattern;
        this.parts = parts;
        this.written = written;
        this.clock = clock;
    }

    /** {@code mm/dd/yyyy}. */
    public static ListDateFormat defaultFormat() {
        return of(DEFAULT_PATTERN);
    }

    /**
     * Reads an Acoustic date pattern.
     *
     * @throws IllegalArgumentException saying what is wrong with the pattern, for the script author
     */
    public static ListDateFormat of(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        String p = pattern.strip();
        if (p.isEmpty()) {
            throw new IllegalArgumentException("the date format is empty");
        }
        List<Part> parts = tokenize(p);
        checkShape(p, parts);
        return new ListDateFormat(p, List.copyOf(resolveWidths(p, parts)), List.copyOf(parts), Clock.systemDefaultZone());
    }

    /** The same format, placing two-digit years relative to the date of this clock. */
    public ListDateFormat withClock(Clock clock) {
        return new ListDateFormat(pattern, parts, written, Objects.requireNonNull(clock, "clock"));
    }

    /** The pattern as written (without surrounding blanks). */
    public String pattern() {
        return pattern;
    }

    /**
     * The date a source value stands for; empty when the value (blanks around it forgiven) does not
     * follow the format or names no calendar date. A blank value is empty too: callers that treat a
     * blank as "no value" check for it first.
     */
    public Optional<LocalDate> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        int pos = 0;
        int year = -1;
        int month = -1;
        int day = -1;
        boolean twoDigitYear = false;
        for (Part part : parts) {
            if (part instanceof Separator s) {
                if (!v.startsWith(s.text(), pos)) {
                    return Optional.empty();
                }
                pos += s.text().length();
            } else if (part instanceof MonthName) {
                int end = pos;
                while (end < v.length() && isAsciiLetter(v.charAt(end))) {
                    end++;
                }
                Integer m = MONTH_NAMES.get(v.substring(pos, end).toLowerCase(Locale.ROOT));
                if (m == null) {
                    return Optional.empty();
                }
                month = m;
                pos = end;
            } else if (part instanceof NumberField n) {
                int end = pos;
                while (end < v.length() && end - pos < n.maxDigits() && isAsciiDigit(v.charAt(end))) {
                    end++;
                }
                if (end - pos < n.minDigits()) {
                    return Optional.empty();
                }
                int number = Integer.parseInt(v.substring(pos, end));
                switch (n.field()) {
                    case 'm' -> month = number;
                    case 'd' -> day = number;
                    default -> {
                        year = number;
                        twoDigitYear = n.maxDigits() == 2;
                    }
                }
                pos = end;
            }
        }
        if (pos != v.length()) {
            return Optional.empty();
        }
        if (twoDigitYear) {
            year = fullYear(year);
        } else if (year < 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(year, month, day));
        } catch (DateTimeException e) {
            return Optional.empty(); // month 13, February 30th and the like
        }
    }

    /**
     * The date as the pattern writes it (exports, xmlapi-more.md section 8): {@code M} and {@code d}
     * unpadded, {@code MM} and {@code dd} two digits, {@code MMM} the English three-letter month,
     * {@code MMMM} its full name, {@code yy} the last two digits of the year.
     */
    public String format(LocalDate date) {
        StringBuilder out = new StringBuilder(12);
        for (Part part : written) {
            if (part instanceof Separator s) {
                out.append(s.text());
            } else if (part instanceof Token t) {
                int n = switch (t.field()) {
                    case 'm' -> date.getMonthValue();
                    case 'd' -> date.getDayOfMonth();
                    default -> t.length() == 2 ? date.getYear() % 100 : date.getYear();
                };
                if (t.field() == 'm' && t.length() >= 3) {
                    out.append(date.getMonth().getDisplayName(t.length() == 3 ? TextStyle.SHORT : TextStyle.FULL, Locale.ENGLISH));
                } else {
                    if (n < 10 && t.length() >= 2) {
                        out.append('0');
                    }
                    out.append(n);
                }
            }
        }
        return out.toString();
    }

    private int fullYear(int twoDigits) {
        int first = LocalDate.now(clock).getYear() - 80;
        return first + Math.floorMod(twoDigits - first, 100);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListDateFormat other && other.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }

    // --- pattern reading

    private sealed interface Part permits Separator, MonthName, NumberField, Token {
    }

    private record Separator(String text) implements Part {
    }

    private record MonthName() implements Part {
    }

    /** A numeric field: 'm', 'd' or 'y', read as minDigits..maxDigits ASCII digits. */
    private record NumberField(char field, int minDigits, int maxDigits) implements Part {
    }

    /** A token before widths are resolved: field letter and how many times it was written. */
    private record Token(char field, int length) implements Part {
        boolean numeric() {
            return !(field == 'm' && length >= 3);
        }
    }

    private static List<Part> tokenize(String p) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < p.length()) {
            char c = Character.toLowerCase(p.charAt(i));
            int j = i;
            if (c == 'm' || c == 'd' || c == 'y') {
                while (j < p.length() && Character.toLowerCase(p.charAt(j)) == c) {
                    j++;
                }
                int n = j - i;
                boolean valid = switch (c) {
                    case 'm' -> n <= 4;
                    case 'd' -> n <= 2;
                    default -> n == 2 || n == 4;
                };
                if (!valid) {
                    throw new IllegalArgumentException("date format '" + p + "': '" + p.substring(i, j)
                            + "' is not a token (use M, MM, MMM, MMMM, d, dd, yy or yyyy)");
                }
                parts.add(new Token(c, n));
            } else if (SEPARATORS.indexOf(c) >= 0) {
                while (j < p.length() && SEPARATORS.indexOf(p.charAt(j)) >= 0) {
                    j++;
                }
                if (j - i > 2) {
                    throw new IllegalArgumentException("date format '" + p + "': separator '" + p.substring(i, j)
                            + "' is longer than two characters");
                }
                parts.add(new Separator(p.substring(i, j)));
            } else {
                throw new IllegalArgumentException("date format '" + p + "': '" + p.charAt(i)
                        + "' is neither a token (M, d, y) nor a separator (. , ? / - or space)");
            }
            i = j;
        }
        return parts;
    }

    private static void checkShape(String p, List<Part> parts) {
        if (parts.get(0) instanceof Separator || parts.get(parts.size() - 1) instanceof Separator) {
            throw new IllegalArgumentException("date format '" + p + "' must start and end with a token");
        }
        for (char field : new char[] {'m', 'd', 'y'}) {
            long count = parts.stream().filter(t -> t instanceof Token k && k.field() == field).count();
            if (count != 1) {
                String what = field == 'm' ? "month (M)" : field == 'd' ? "day (d)" : "year (yy or yyyy)";
                throw new IllegalArgumentException("date format '" + p + "' must name the " + what + " exactly once");
            }
        }
    }

    /**
     * Fixes how many digits each number reads. Two number tokens without separator between them
     * can only be told apart by fixed widths, so a one-letter M or d there is refused.
     */
    private static List<Part> resolveWidths(String p, List<Part> parts) {
        List<Part> resolved = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof Token t)) {
                resolved.add(parts.get(i));
                continue;
            }
            if (!t.numeric()) {
                resolved.add(new MonthName());
                continue;
            }
            boolean touchesNumber = touchesNumber(parts, i - 1) || touchesNumber(parts, i + 1);
            if (t.field() == 'y') {
                resolved.add(new NumberField('y', t.length(), t.length()));
            } else if (!touchesNumber) {
                resolved.add(new NumberField(t.field(), 1, 2));
            } else if (t.length() == 2) {
                resolved.add(new NumberField(t.field(), 2, 2));
            } else {
                String token = t.field() == 'm' ? "M" : "d";
                throw new IllegalArgumentException("date format '" + p + "': '" + token + "' next to another number without separator is "
                        + "ambiguous; write " + token + token + " or add a separator");
            }
        }
        return resolved;
    }

    private static boolean touchesNumber(List<Part> parts, int i) {
        return i >= 0 && i < parts.size() && parts.get(i) instanceof Token t && t.numeric();
    }

    private static Map<String, Integer> monthNames() {
        Map<String, Integer> names = new HashMap<>();
        for (Month m : Month.values()) {
            names.put(m.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT), m.getValue());
            names.put(m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT), m.getValue());
        }
        names.put("sept", 9);
        return Map.copyOf(names);
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
