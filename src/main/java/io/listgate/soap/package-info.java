/**
 * The SOAP 1.1 transport at {@code /SoapApi} (spec soap.md): the WSDL and its schemas, the envelope
 * codec that writes the vendor's exact response shape, and a servlet that is the SOAP
 * {@link io.listgate.api.WireFormat} of the same {@link io.listgate.api.ApiDispatcher} as the XML API.
 * No operation logic and no fault translation live here.
 */
package io.listgate.soap;
