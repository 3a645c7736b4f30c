/**
 * Contact databases and contact lists: their metadata, their per-database contact tables, and the
 * operations clients use to find and inspect them (GetLists, CreateContactList, SelectRecipientData).
 */
package io.listgate.contacts;
