package io.listgate.mapping;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code LIST_INFO}: the target database and how to read the source file.
 *
 * @param action           what the import does
 * @param listType         for {@link Action#CREATE} the type to create ({@link ListType#DATABASE} when
 *                         absent); empty for the other actions, which keep the existing list's type
 * @param listName         {@code LIST_NAME}; always present for {@link Action#CREATE}
 * @param listId           {@code LIST_ID}; always present for the actions other than CREATE
 * @param visibility       for CREATE the visibility ({@link Visibility#PRIVATE} when absent); empty
 *                         otherwise, since some writers send 1 on every import and it must not matter
 * @param parentFolderPath {@code PARENT_FOLDER_PATH}, when given
 * @param fileType         the field delimiter of the source file
 * @param hasHeaders       whether the first line of the source file holds column names
 * @param dateFormat       how date values of the source file are written
 * @param doubleOptIn      {@code DOUBLE_OPT_IN}
 * @param encodedAsMd5     emails of the file are MD5 hashes ({@code ENCODED_AS_MD5})
 * @param useRecipientId   contacts are matched on {@code RECIPIENT_ID} ({@code USE_RECIPIENT_ID})
 */
public record ListInfo(
        Action action,
        Optional<ListType> listType,
        Optional<String> listName,
        Optional<Long> listId,
        Optional<Visibility> visibility,
        Optional<String> parentFolderPath,
        FileType fileType,
        boolean hasHeaders,
        ListDateFormat dateFormat,
        boolean doubleOptIn,
        boolean encodedAsMd5,
        boolean useRecipientId,
        boolean syncContactLists) {

    public ListInfo {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(listType, "listType");
        Objects.requireNonNull(listName, "listName");
        Objects.requireNonNull(listId, "listId");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(parentFolderPath, "parentFolderPath");
        Objects.requireNonNull(fileType, "fileType");
        Objects.requireNonNull(dateFormat, "dateFormat");
    }
}
