package io.listgate.contacts;

import java.time.LocalDateTime;

/**
 * A database (LIST_TYPE 0), seed list (6), suppression list (13) or contact list (18, whose
 * {@code parentId} is its database). {@code userId} is the user that created it, null when unknown.
 */
public record ContactList(long id, long organizationId, Long parentId, String name, int listType, int visibility,
                          String parentFolderPath, KeyKind keyKind, Long userId, LocalDateTime createdAt,
                          LocalDateTime lastModified) {

    public static final int DATABASE = 0;
    public static final int SEED_LIST = 6;
    public static final int SUPPRESSION_LIST = 13;
    public static final int CONTACT_LIST = 18;

    public boolean isContactList() {
        return listType == CONTACT_LIST;
    }

    /** The id of the database holding the list's contacts: its own, or a contact list's parent's. */
    public long databaseId() {
        return isContactList() ? parentId : id;
    }

    /** The table holding this database's contacts; built from the numeric id only. */
    public String table() {
        if (isContactList()) {
            throw new IllegalStateException("contact list " + id + " has no table of its own");
        }
        return "contacts_" + id;
    }
}
