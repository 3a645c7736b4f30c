package io.listgate.api;

/**
 * The one catalogue of API faults: the numeric {@code errorid} and {@code class} clients see in
 * {@code Fault/detail/error}, and the default FaultString. Session problems are 145 / SP.Admin and
 * nothing else is: clients log in again and retry on exactly that pair.
 */
public enum Fault {
    MALFORMED_REQUEST(50, "The request is not a well-formed XML envelope"),
    EMPTY_REQUEST(51, "The request is empty: send an XML envelope as the xml form field or a text/xml body"),
    REQUEST_TOO_LARGE(52, "The request is larger than this server accepts"),
    FORBIDDEN_XML(53, "DOCTYPE declarations and entities are not allowed in requests"),
    UNKNOWN_OPERATION(54, "Unknown operation"),
    MISSING_ELEMENT(55, "A required element is missing"),
    INVALID_VALUE(56, "An element has an invalid value"),
    NOT_FOUND(57, "Not found"),
    FILE_NOT_FOUND(58, "File not found"),
    INVALID_MAPPING(59, "The mapping file is not valid"),
    REQUEST_TIMEOUT(60, "The request body did not arrive in time"),
    /** The database pool had no free connection for its whole wait, or the database is away: retry later. */
    SERVER_BUSY(62, "The server is busy: no database connection was free in time; try again shortly"),
    // The vendor's numbers and texts (spec xmlapi-more.md §12), for the operations that carry them.
    PARAMETER_MISSING(100, "Parameter was not provided in API call"),
    LIST_ID_INVALID(106, "List ID is not valid."),
    LIST_NOT_FOUND(108, "List Does Not Exist."),
    INVALID_COLUMN_DEFAULT(146, "Invalid default value for List Column type"),
    COLUMN_NAME_INVALID(161, "COLUMN_NAME is not valid for this list."),
    SYSTEM_COLUMN_NAME(188, "Cannot use a System field name for a List column."),
    COLUMN_TYPE_INVALID(313, "Column is not the right type for this API."),
    LIST_TYPE_WRONG(312, "List is not the right type for this API."),
    LIST_BUSY(61, "The list is being imported into; try again when the import has ended."),
    JOB_ID_INVALID(135, "Job ID is not valid."),
    EXPORT_ENCODING_INVALID(141, "Encoding is not valid."),
    EXPORT_COLUMN_UNKNOWN(153, "ERR_EXPORT_NOT_LIST_COLUMN"),
    EXPORT_JOB_FAILED(156, "Unable to create Export job. Internal error."),
    EXPORT_FORMAT_INVALID(321, "Export Format is not valid."),
    NO_EMAIL_PROVIDED(121, "Unable to add recipient. No EMAIL provided."),
    RECIPIENT_EXISTS(122, "Unable to add recipient. Recipient already exists."),
    RECIPIENT_NOT_UPDATED(123, "Unable to update recipient / recipient does not exist."),
    RECIPIENT_NOT_MEMBER(128, "Recipient is not a member of the list."),
    COLUMN_WITHOUT_NAME(316, "Invalid XML in request: COLUMN Element found without a NAME."),
    EMAIL_IS_UNIQUE_KEY(326, "Unable to update recipient's EMAIL. EMAIL is part of Unique Identifier"),
    SYNC_FIELD_WITHOUT_NAME(329, "SYNC_FIELD Element found without a NAME."),
    ERROR_ADDING_RECIPIENT(1005, "Error Adding Recipient"),
    COLUMN_DOES_NOT_EXIST(1007, "Column Does Not Exist in List"),
    RECIPIENT_NOT_FOUND(1008, "Recipient Not Found in List"),
    MISSING_COLUMN_VALUE(1016, "Missing Required Column Value"),
    EMAIL_INVALID(1017, "Email Address is Invalid"),
    LOGIN_FAILED(140, "Invalid user name or password"),
    LOGIN_LOCKED(141, "Too many failed logins: this user is locked for a while"),
    SESSION_INVALID(145, "SP.Admin", "Session has expired or is invalid"),
    INTERNAL_ERROR(99, "The server could not complete the request; it has been logged");

    private final int errorId;
    private final String errorClass;
    private final String defaultText;

    Fault(int errorId, String defaultText) {
        this(errorId, "SP.API", defaultText);
    }

    Fault(int errorId, String errorClass, String defaultText) {
        this.errorId = errorId;
        this.errorClass = errorClass;
        this.defaultText = defaultText;
    }

    public int errorId() {
        return errorId;
    }

    public String errorClass() {
        return errorClass;
    }

    public String defaultText() {
        return defaultText;
    }

    public ApiException exception() {
        return new ApiException(this, defaultText);
    }

    public ApiException exception(String text) {
        return new ApiException(this, text);
    }
}
