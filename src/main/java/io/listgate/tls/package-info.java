/**
 * The server's TLS and SSH key material: the self-signed certificate generated on first start (FTPS,
 * and HTTPS when no certificate is configured) and the SSH host key under the keys directory; the
 * configured HTTPS certificate read from PEM or PKCS#12 files and reloaded when they are renewed.
 */
package io.listgate.tls;
