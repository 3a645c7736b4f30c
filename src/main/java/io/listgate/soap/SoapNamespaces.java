package io.listgate.soap;

import java.util.Map;
import java.util.Optional;

/**
 * The namespace of each operation's body element (spec soap.md), which is also the default
 * namespace of its response; {@code wsdl/listgate.wsdl} declares the same pairs.
 */
final class SoapNamespaces {

    static final String ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String SESSION_HEADER = "SilverpopApi:EngageService.SessionHeader";
    static final String SESSION_MGMT = "SilverpopApi:EngageService.SessionMgmt.Login";
    static final String USER_ACTIONS = "SilverpopApi:EngageService.ListMgmt.UserActions";
    static final String RECIPIENT_ACTIONS = "SilverpopApi:EngageService.ListMgmt.RecipientActions";
    static final String REPORTING = "SilverpopApi:EngageService.Reporting";

    private static final Map<String, String> BY_OPERATION = Map.ofEntries(
            Map.entry("Login", SESSION_MGMT),
            Map.entry("Logout", SESSION_MGMT),
            Map.entry("ImportList", USER_ACTIONS),
            Map.entry("GetLists", USER_ACTIONS),
            Map.entry("CreateContactList", USER_ACTIONS),
            Map.entry("GetListMetaData", USER_ACTIONS),
            Map.entry("AddListColumn", USER_ACTIONS),
            Map.entry("ExportList", USER_ACTIONS),
            Map.entry("AddContactToContactList", USER_ACTIONS),
            Map.entry("SelectRecipientData", RECIPIENT_ACTIONS),
            Map.entry("AddRecipient", RECIPIENT_ACTIONS),
            Map.entry("UpdateRecipient", RECIPIENT_ACTIONS),
            Map.entry("OptOutRecipient", RECIPIENT_ACTIONS),
            Map.entry("RemoveRecipient", RECIPIENT_ACTIONS),
            Map.entry("DoubleOptInRecipient", RECIPIENT_ACTIONS),
            Map.entry("GetJobStatus", REPORTING),
            Map.entry("DeleteJob", REPORTING));

    private SoapNamespaces() {
    }

    static Optional<String> of(String operation) {
        return Optional.ofNullable(BY_OPERATION.get(operation));
    }
}
