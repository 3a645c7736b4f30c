/**
 * Contact databases and contact lists: their metadata, their per-database contact tables, every
 * statement on those tables and on list memberships ({@link io.listgate.contacts.ContactStore}),
 * and the operations clients use to find and inspect them (GetLists, CreateContactList,
 * SelectRecipientData).
 */
package io.listgate.contacts;
