/**
 * The API's core and its XML envelope transport. {@link io.listgate.api.ApiDispatcher} serves
 * {@code POST /XMLAPI} and {@code /SoapApi} alike: body within the size limit, charset, operation
 * registry, caller, and the one translation of failures into faults from the one fault catalogue.
 * Each transport is a {@link io.listgate.api.WireFormat}: {@code XmlApiServlet} here, the SOAP one in
 * {@code soap/}. Envelopes are parsed with the parser of {@link io.listgate.xml}. Features bring their
 * operations.
 */
package io.listgate.api;
