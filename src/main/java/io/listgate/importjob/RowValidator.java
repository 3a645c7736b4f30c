package io.listgate.importjob;

import io.listgate.contacts.ListColumn;
import io.listgate.contacts.MatchKey;
import io.listgate.contacts.PhoneNumbers;
import io.listgate.importjob.RowError.Reason;
import io.listgate.mapping.ConsentSettings;
import io.listgate.mapping.ListDateFormat;
import io.listgate.xml.XmlChars;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.EmailValidator;

/** Checks one source row against the plan and turns it into a {@link ValidRow} or a {@link RowError}. */
final class RowValidator {

    private static final EmailValidator EMAILS = EmailValidator.getInstance(false, false);
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final List<String> YES = ListColumn.YES_WORDS;
    private static final List<String> NO = ListColumn.NO_WORDS;

    private final ImportPlan plan;
    private final ListDateFormat dates;
    private final LocalDateTime jobTime;
    private final boolean md5;

    /** Thrown inside validation to carry the row's one error out. */
    private static final class Rejected extends Exception {
        final Reason reason;
        final String value;

        Rejected(Reason reason, String message, String value) {
            super(message, null, false, false);
            this.reason = reason;
            this.value = value;
        }
    }

    RowValidator(ImportPlan plan, LocalDateTime jobTime) {
        this.plan = plan;
        this.dates = plan.mapping.listInfo().dateFormat();
        this.jobTime = jobTime;
        this.md5 = plan.mapping.listInfo().encodedAsMd5();
    }

    /** The row as a {@link ValidRow}, or the {@link RowError} that refuses it. */
    RowOutcome validate(long rowNumber, List<String> fields, int expectedFields) {
        try {
            return check(rowNumber, fields, expectedFields);
        } catch (Rejected r) {
            return new RowError(rowNumber, r.reason, r.getMessage(), r.value);
        }
    }

    private ValidRow check(long rowNumber, List<String> fields, int expectedFields) throws Rejected {
        // Encoding first: a row read in the wrong encoding also splits wrongly. A NUL never belongs in a
        // text file; it is what a UTF-16 file read as UTF-8 or ISO-8859-1 is full of.
        for (String field : fields) {
            if (field.indexOf('\uFFFD') >= 0 || field.indexOf('\u0000') >= 0) {
                throw new Rejected(Reason.BAD_ENCODING, "row is not valid in the file's encoding", field.replace('\u0000', '?'));
            }
        }
        // A control character stored in a contact would break every later XML answer that carries it.
        for (String field : fields) {
            OptionalInt illegal = XmlChars.firstIllegal(field);
            if (illegal.isPresent()) {
                throw new Rejected(Reason.BAD_VALUE, "a field holds " + XmlChars.name(illegal.getAsInt())
                        + ", a control character XML cannot carry", XmlChars.clean(field));
            }
        }
        if (fields.size() != expectedFields) {
            throw new Rejected(Reason.FIELD_COUNT, "row has " + fields.size() + " fields, expected " + expectedFields,
                    String.join(String.valueOf(plan.mapping.listInfo().fileType().delimiter()), fields));
        }
        String email = field(fields, plan.emailOffset);
        if (email != null) {
            email = email.strip();
            if (md5 ? !MD5.matcher(email).matches() : !EMAILS.isValid(email) || email.length() > 254) {
                throw new Rejected(Reason.BAD_EMAIL, md5 ? "EMAIL is not an MD5 hash" : "EMAIL is not a valid address", email);
            }
            email = md5 ? email.toLowerCase(Locale.ROOT) : email;
        } else if (plan.emailRequired()) {
            throw new Rejected(Reason.MISSING_EMAIL, "EMAIL is empty", null);
        }
        String[] values = new String[plan.targets.size()];
        for (int i = 0; i < values.length; i++) {
            ImportPlan.Target target = plan.targets.get(i);
            values[i] = normalize(target.column(), field(fields, target.offset()));
        }
        MatchKey matchKey = switch (plan.matchOn) {
            case EMAIL, EMAIL_MD5 -> MatchKey.of(email);
            case RECIPIENT_ID -> {
                String id = field(fields, plan.recipientIdOffset);
                try {
                    yield MatchKey.of(Long.parseLong(id == null ? "" : id.strip()));
                } catch (NumberFormatException e) {
                    throw new Rejected(Reason.MISSING_KEY, "RECIPIENT_ID must be a number", id);
                }
            }
            case COLUMNS -> {
                List<String> keyValues = new ArrayList<>(plan.matchColumns.size());
                for (ListColumn column : plan.matchColumns) {
                    String value = valueOf(column, values);
                    if (value == null) {
                        throw new Rejected(Reason.MISSING_KEY, column.name() + " is empty but identifies the contact", null);
                    }
                    keyValues.add(value);
                }
                yield MatchKey.of(keyValues);
            }
            case PHONE -> {
                ListColumn column = plan.matchColumns.get(0);
                String value = valueOf(column, values);
                String digits = value == null ? "" : PhoneNumbers.digits(value);
                if (digits.isEmpty()) {
                    throw new Rejected(Reason.MISSING_KEY, column.name() + " is empty but identifies the contact", value);
                }
                yield MatchKey.of(digits);
            }
            case NONE -> null;
        };
        boolean optOut = false;
        String optedOut = field(fields, plan.optedOutOffset);
        if (optedOut != null) {
            optOut = !NO.contains(optedOut.strip().toLowerCase(Locale.ROOT));
        }
        String consentStatus = null;
        LocalDateTime consentDate = null;
        String consentSource = null;
        Optional<ConsentSettings> consent = plan.mapping.consent();
        if (consent.isPresent() && plan.consentStatusOffset >= 0) {
            String code = field(fields, plan.consentStatusOffset);
            consentStatus = ConsentSettings.Status.fromCode(code == null ? "" : code.strip())
                    .map(ConsentSettings.Status::code)
                    .orElseThrow(() -> new Rejected(Reason.BAD_CONSENT, "CONSENT_STATUS_CODE must be OPTED-IN or OPTED-OUT", code));
            String date = field(fields, plan.consentDateOffset);
            consentDate = date == null ? jobTime : parseDateTime(date, "CONSENT_DATE");
            String source = field(fields, plan.consentSourceOffset);
            consentSource = source == null ? ConsentSettings.DEFAULT_SOURCE : source.strip();
        } else if (plan.channel != null) {
            // a channel's opt-out or opt-in folder: every row says what a CONSENT row without date would
            consentStatus = plan.channelStatus().code();
            consentDate = jobTime;
            consentSource = plan.channelSource();
        }
        Integer emailType = null;
        String type = field(fields, plan.emailTypeOffset);
        if (type != null) {
            emailType = switch (type.strip().toUpperCase(Locale.ROOT)) {
                case "0", "HTML" -> 0;
                case "1", "TEXT", "PLAIN" -> 1;
                default -> throw new Rejected(Reason.BAD_VALUE, "EMAIL_TYPE must be 0 (HTML) or 1 (text)", type);
            };
        }
        String details = field(fields, plan.optInDetailsOffset);
        if (details != null && details.strip().length() > 255) {
            throw new Rejected(Reason.TOO_LONG, "OPT_IN_DETAILS is longer than 255 characters", details);
        }
        String optedInText = field(fields, plan.optedInOffset);
        LocalDateTime optedIn = optedInText == null ? null : parseDateTime(optedInText, "OPTED_IN");
        return new ValidRow(rowNumber, email, values, matchKey, optOut, consentStatus, consentDate, consentSource,
                emailType, details == null ? null : details.strip(), optedIn);
    }

    private String valueOf(ListColumn column, String[] values) {
        for (int i = 0; i < plan.targets.size(); i++) {
            if (plan.targets.get(i).column().position() == column.position()) {
                return values[i];
            }
        }
        return null;
    }

    /** The field's text, or null when absent or blank. */
    private static String field(List<String> fields, int offset) {
        if (offset < 0 || offset >= fields.size()) {
            return null;
        }
        String value = fields.get(offset);
        return value == null || value.isBlank() ? null : value;
    }

    /** Checks a value against its column's type and returns what is stored, or null for empty. */
    private String normalize(ListColumn column, String raw) throws Rejected {
        if (raw == null) {
            if (column.required()) {
                throw new Rejected(Reason.REQUIRED_EMPTY, column.name() + " is required but empty", null);
            }
            return null;
        }
        String value = raw.strip();
        String stored = switch (column.columnType()) {
            case ListColumn.YES_NO -> {
                String lower = value.toLowerCase(Locale.ROOT);
                if (YES.contains(lower)) {
                    yield "Yes";
                }
                if (NO.contains(lower)) {
                    yield "No";
                }
                throw new Rejected(Reason.BAD_VALUE, column.name() + " must be yes or no", value);
            }
            case ListColumn.NUMERIC -> {
                try {
                    yield new BigDecimal(value).toPlainString();
                } catch (NumberFormatException e) {
                    throw new Rejected(Reason.BAD_NUMBER, column.name() + " must be a number", value);
                }
            }
            case ListColumn.DATE -> dates.parse(value).map(LocalDate::toString).orElseThrow(() ->
                    new Rejected(Reason.BAD_DATE, column.name() + " is not a date in the format " + dates.pattern(), value));
            case ListColumn.TIME -> {
                try {
                    yield LocalTime.parse(value.length() == 5 ? value + ":00" : value).toString();
                } catch (DateTimeParseException e) {
                    throw new Rejected(Reason.BAD_DATE, column.name() + " is not a time (HH:mm or HH:mm:ss)", value);
                }
            }
            case ListColumn.TIMESTAMP -> parseDateTime(value, column.name()).toString();
            case ListColumn.SELECT_ONE -> checkSelection(column, value, List.of(value));
            case ListColumn.MULTI_SELECT -> checkSelection(column, value, Arrays.stream(value.split(";")).map(String::strip).toList());
            default -> value;
        };
        if (stored.length() > column.width()) {
            throw new Rejected(Reason.TOO_LONG, column.name() + " is longer than " + column.width() + " characters", value);
        }
        return stored;
    }

    private static String checkSelection(ListColumn column, String value, List<String> chosen) throws Rejected {
        if (column.selectionValues() == null || column.selectionValues().isBlank()) {
            return value;
        }
        List<String> allowed = Arrays.stream(column.selectionValues().split(";")).map(String::strip).toList();
        for (String choice : chosen) {
            if (allowed.stream().noneMatch(a -> a.equalsIgnoreCase(choice))) {
                throw new Rejected(Reason.BAD_VALUE, column.name() + " must be one of " + String.join(", ", allowed), value);
            }
        }
        return value;
    }

    /** A date in the list's format, optionally followed by a time; or an ISO date-time. */
    private LocalDateTime parseDateTime(String raw, String what) throws Rejected {
        String value = raw.strip();
        try {
            return LocalDateTime.parse(value.replace(' ', 'T'));
        } catch (DateTimeParseException ignored) {
            // not ISO; try the list's date format below
        }
        int space = value.lastIndexOf(' ');
        Optional<LocalDate> date = dates.parse(value);
        if (date.isPresent()) {
            return date.get().atStartOfDay();
        }
        if (space > 0) {
            Optional<LocalDate> datePart = dates.parse(value.substring(0, space));
            if (datePart.isPresent()) {
                try {
                    String time = value.substring(space + 1);
                    return datePart.get().atTime(LocalTime.parse(time.length() == 5 ? time + ":00" : time));
                } catch (DateTimeParseException ignored) {
                    // falls through to the rejection
                }
            }
        }
        throw new Rejected(Reason.BAD_DATE, what + " is not a date in the format " + dates.pattern(), value);
    }
}
