package io.listgate.contacts;

import java.util.List;
import java.util.Optional;

/**
 * A channel whose consent a contact carries beside its email opt-out: SMS in the system columns
 * ImportList's CONSENT section writes, VOICE and VOICEMAIL in columns of the same shape added to a
 * contact table the first time a hot folder of that channel writes it (ADR 0015). Each channel's
 * contacts are named by a phone column of the database: the one of type {@code phoneType}.
 */
public enum ConsentChannel {
    SMS("consent_status", "consent_date", "consent_source", ListColumn.SMS_PHONE),
    VOICE("voice_consent_status", "voice_consent_date", "voice_consent_source", ListColumn.PHONE),
    VOICEMAIL("voicemail_consent_status", "voicemail_consent_date", "voicemail_consent_source", ListColumn.SMS_PHONE);

    private final String status;
    private final String date;
    private final String source;
    private final int phoneType;

    ConsentChannel(String status, String date, String source, int phoneType) {
        this.status = status;
        this.date = date;
        this.source = source;
        this.phoneType = phoneType;
    }

    /** The SQL columns of the channel's status, date and source, in that order. */
    List<String> columns() {
        return List.of(status, date, source);
    }

    /** Whether the channel's columns are part of every contact table (SMS) or added on first use. */
    boolean builtIn() {
        return this == SMS;
    }

    /** The column type ({@link ListColumn#columnType()}) of the phone column naming the channel's contacts. */
    public int phoneType() {
        return phoneType;
    }

    /** The channel of this name (as stored with a job), if any. */
    public static Optional<ConsentChannel> of(String name) {
        for (ConsentChannel channel : values()) {
            if (channel.name().equals(name)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
