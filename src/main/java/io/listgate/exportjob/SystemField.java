package io.listgate.exportjob;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The contact's own fields an export file can hold, with their header words. The vendor's header
 * names are unknown (xmlapi-more.md section 13); these follow the words of its user interface.
 * EXPORT_COLUMNS may name them by header word or by API name, in any letter case.
 */
enum SystemField {
    RECIPIENT_ID("RECIPIENT_ID"),
    LIST_ID("LIST_ID"),
    EMAIL("Email"),
    OPTED_IN("Opt In Date"),
    OPT_OUT_FLAG("Opted Out"),
    OPT_IN_DETAILS("Opt In Details"),
    EMAIL_TYPE("Email Type"),
    OPTED_OUT("Opted Out Date"),
    LEAD_SOURCE("Lead Source"),
    /** The opt-out channel of a scheduled export's opt-outs file (EMAIL, SMS). */
    CHANNEL("Channel");

    /** The fields of a file without EXPORT_COLUMNS, between the optional id columns and the database's columns. */
    static final List<SystemField> STANDARD = List.of(EMAIL, OPTED_IN, OPT_OUT_FLAG, OPT_IN_DETAILS, EMAIL_TYPE, OPTED_OUT);

    final String header;

    SystemField(String header) {
        this.header = header;
    }

    /** The field EXPORT_COLUMNS names, if it names one of the standard fields or RECIPIENT_ID. */
    static Optional<SystemField> named(String name) {
        String wanted = name.strip();
        return Arrays.stream(values())
                .filter(f -> f != LIST_ID && f != LEAD_SOURCE && f != CHANNEL)
                .filter(f -> f.name().equalsIgnoreCase(wanted) || f.header.equalsIgnoreCase(wanted)
                        || f.name().replace('_', ' ').equalsIgnoreCase(wanted))
                .findFirst();
    }
}
