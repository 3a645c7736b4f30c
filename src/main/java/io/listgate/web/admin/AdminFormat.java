package io.listgate.web.admin;

import io.listgate.contacts.ContactList;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Plain-text formats the page templates show; the templates escape what these return. */
public final class AdminFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private AdminFormat() {
    }

    /** The instant of a time as the database keeps it (the server's zone), for {@code <time datetime>}. */
    public static String instant(LocalDateTime time) {
        return time.atZone(ZoneId.systemDefault()).toInstant().toString();
    }

    /** A time as the server knows it, with its zone: what shows without admin.js. */
    public static String serverTime(LocalDateTime time) {
        ZonedDateTime zoned = time.atZone(ZoneId.systemDefault());
        return TIME.format(time) + " " + zoned.getZone().getId();
    }

    /** A file's time in the server's zone, as {@link #serverTime(LocalDateTime)} shows a database time. */
    public static String serverTime(Instant time) {
        return serverTime(LocalDateTime.ofInstant(time, ZoneId.systemDefault()));
    }

    /** How long from one time to the other; a dash when either is missing. */
    public static String between(LocalDateTime from, LocalDateTime to) {
        if (from == null || to == null) {
            return "–";
        }
        long millis = Math.max(0, Duration.between(from, to).toMillis());
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** The Acoustic list type as people say it. */
    /** An action name cut after each underscore ({@code ADD_ / AND_ / UPDATE}): where a narrow column may wrap it. */
    public static List<String> actionParts(String action) {
        return List.of(action.split("(?<=_)"));
    }

    public static String typeName(int listType) {
        return switch (listType) {
            case ContactList.DATABASE -> "Database";
            case ContactList.SEED_LIST -> "Seed list";
            case ContactList.SUPPRESSION_LIST -> "Suppression list";
            case ContactList.CONTACT_LIST -> "Contact list";
            default -> "Type " + listType;
        };
    }
}
