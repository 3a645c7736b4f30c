/**
 * The XML envelope transport of {@code POST /XMLAPI}: request decoding, hardened parsing, the
 * operation registry and the one fault catalogue. Features bring their operations.
 */
package io.listgate.api;
