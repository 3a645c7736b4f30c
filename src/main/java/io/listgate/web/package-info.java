/**
 * The HTTP server (Jetty): the HTTP and HTTPS listeners, what the transport decides before a servlet
 * runs (the redirect to HTTPS, HSTS, forwarded headers from trusted proxies only), its access log and
 * the health endpoint.
 */
package io.listgate.web;
