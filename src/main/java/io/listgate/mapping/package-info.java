/**
 * The ImportList mapping file ({@code LIST_IMPORT}): its schema check against
 * {@code xsd/list-import.xsd}, the rules the schema cannot express, and the immutable
 * {@link io.listgate.mapping.ImportMapping} the import job works from. Also the Acoustic date
 * format of {@code LIST_DATE_FORMAT}. No I/O beyond reading the file, no database; files are parsed
 * with the hardened parser of {@link io.listgate.xml}, nothing here depends on the API transport.
 */
package io.listgate.mapping;
