/**
 * The single-contact operations of the XML API (AddRecipient, UpdateRecipient, OptOutRecipient,
 * RemoveRecipient, DoubleOptInRecipient, AddContactToContactList; spec xmlapi-more §1–6): reading
 * their requests in every shape clients send, and answering with the vendor's faults. Each call is
 * an import of one row through the import engine's own decision ({@code importjob.SingleContactImport},
 * ADR 19).
 */
package io.listgate.recipients;
