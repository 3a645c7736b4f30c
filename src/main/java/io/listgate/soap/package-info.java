/**
 * The SOAP 1.1 transport at {@code /SoapApi} (spec soap.md): the WSDL and its schemas, the envelope
 * codec that writes the vendor's exact response shape, and a servlet that converts and delegates to
 * the same {@link io.listgate.api.OperationRegistry} as the XML API. No operation logic lives here.
 */
package io.listgate.soap;
