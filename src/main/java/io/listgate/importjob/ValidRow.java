package io.listgate.importjob;

import io.listgate.contacts.MatchKey;
import java.time.LocalDateTime;

/**
 * A row that passed validation, in the shape the database wants: one value per plan target
 * (null where the file left it empty), the email, the key that finds its contact (null when the
 * job matches on nothing), consent and opt-out wishes.
 */
record ValidRow(long rowNumber, String email, String[] values, MatchKey matchKey, boolean optOut,
                String consentStatus, LocalDateTime consentDate, String consentSource, Integer emailType,
                String optInDetails, LocalDateTime optedIn) implements RowOutcome {
}
