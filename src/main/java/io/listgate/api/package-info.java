/**
 * The XML envelope transport of {@code POST /XMLAPI}: request decoding, envelope parsing (with the
 * parser of {@link io.listgate.xml}), the operation registry and the one fault catalogue. Features
 * bring their operations.
 */
package io.listgate.api;
