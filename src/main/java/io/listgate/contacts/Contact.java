package io.listgate.contacts;

import java.time.LocalDateTime;
import java.util.Map;

/** One contact as SelectRecipientData shows it: system fields and its columns by their names. */
public record Contact(long recipientId, String email, int emailType, int createdFrom, LocalDateTime optedIn,
                      LocalDateTime optedOut, LocalDateTime lastModified, String consentStatus,
                      LocalDateTime consentDate, String consentSource, Map<String, String> columns) {
}
