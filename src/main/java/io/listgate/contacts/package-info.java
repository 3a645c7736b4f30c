/**
 * Contact databases and contact lists: their metadata, their per-database contact tables, every
 * statement on those tables and on list memberships ({@link io.listgate.contacts.ContactStore}),
 * the operations clients use to find, inspect and extend them (GetLists, CreateContactList,
 * SelectRecipientData, GetListMetaData, AddListColumn), and the one rule for matching column names
 * ({@link io.listgate.contacts.ColumnNames}: without regard to case).
 */
package io.listgate.contacts;
