/** The HTTP server (Jetty), its access log and the health endpoint. */
package io.listgate.web;
