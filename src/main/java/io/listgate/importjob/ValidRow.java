package io.listgate.importjob;

import java.time.LocalDateTime;

/**
 * A row that passed validation, in the shape the database wants: one value per plan target
 * (null where the file left it empty), the email, the match key, consent and opt-out wishes.
 */
record ValidRow(long rowNumber, String email, String[] values, String matchKey, Object[] matchValues,
                boolean optOut, String consentStatus, LocalDateTime consentDate, String consentSource,
                Integer emailType, String optInDetails, LocalDateTime optedIn) {
}
