package io.listgate.mapping;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code CONSENT}: per-row consent for a channel, carried by the {@code IS_CONSENT} columns.
 *
 * @param channel              the consent channel; Acoustic supports SMS only
 * @param textToJoinProgramId  {@code TEXT_TO_JOIN_PROGRAM_ID}, when given
 * @param honorOptOutStatus    true: a contact already opted out stays opted out; false: the file's
 *                             status wins. {@code <HONOR_OPT_OUT_STATUS/>} means true, no element false
 * @param overrideOnNoChange   true: consent date and source are replaced even when the status does not
 *                             change; false (also when empty or absent): they are left alone
 */
public record ConsentSettings(
        Channel channel,
        Optional<String> textToJoinProgramId,
        boolean honorOptOutStatus,
        boolean overrideOnNoChange) {

    /** {@code CONSENT_SOURCE} of a row that gives none. */
    public static final String DEFAULT_SOURCE = "List Import";

    public ConsentSettings {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(textToJoinProgramId, "textToJoinProgramId");
    }

    /** {@code CONSENT/CHANNEL}. */
    public enum Channel {
        SMS
    }

    /** {@code CONSENT_STATUS_CODE} of a row; any other value rejects the row. */
    public enum Status {
        OPTED_IN("OPTED-IN"),
        OPTED_OUT("OPTED-OUT");

        private final String code;

        Status(String code) {
            this.code = code;
        }

        /** The code as written in the source file. */
        public String code() {
            return code;
        }

        /**
         * The status a source value stands for; surrounding blanks and letter case are forgiven,
         * anything else (including an empty value) is no status.
         */
        public static Optional<Status> fromCode(String value) {
            if (value == null) {
                return Optional.empty();
            }
            String v = value.strip().toUpperCase(Locale.ROOT);
            for (Status s : values()) {
                if (s.code.equals(v)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }
}
