/**
 * The hardened configuration of the JDK's XML parsers, for every document a client or user sends:
 * API envelopes, mapping files, a stored mapping file shown again. No transport, no feature: the
 * API, {@code mapping/} and the admin pages all parse through here.
 */
package io.listgate.xml;
