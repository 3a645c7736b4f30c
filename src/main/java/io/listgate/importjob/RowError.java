package io.listgate.importjob;

/** One rejected row: its 1-based data row number, why, in words, and the offending value. */
public record RowError(long rowNumber, Reason reason, String message, String value) implements RowOutcome {

    /** How a rejection is counted in GetJobStatus. */
    public enum Category { BAD_ADDRESS, BAD_RECORD, DUPLICATE, NOT_ALLOWED }

    /** The reason codes written to the job's errors and its .err file. */
    public enum Reason {
        BAD_EMAIL(Category.BAD_ADDRESS),
        MISSING_EMAIL(Category.BAD_ADDRESS),
        FIELD_COUNT(Category.BAD_RECORD),
        REQUIRED_EMPTY(Category.BAD_RECORD),
        MISSING_KEY(Category.BAD_RECORD),
        BAD_DATE(Category.BAD_RECORD),
        BAD_NUMBER(Category.BAD_RECORD),
        BAD_VALUE(Category.BAD_RECORD),
        TOO_LONG(Category.BAD_RECORD),
        BAD_CONSENT(Category.BAD_RECORD),
        BAD_ENCODING(Category.BAD_RECORD),
        UNREADABLE(Category.BAD_RECORD),
        DUPLICATE(Category.DUPLICATE),
        EXISTS(Category.DUPLICATE),
        NOT_ALLOWED(Category.NOT_ALLOWED),
        /** A channel's opt-out or opt-in row naming no contact: such a file never adds one. */
        NO_CONTACT(Category.NOT_ALLOWED);

        private final Category category;

        Reason(Category category) {
            this.category = category;
        }

        public Category category() {
            return category;
        }
    }

    public RowError {
        message = message.length() > 500 ? message.substring(0, 497) + "..." : message;
        value = value == null ? null : value.length() > 1000 ? value.substring(0, 997) + "..." : value;
    }
}
