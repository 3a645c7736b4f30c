/**
 * The server's own key material: the self-signed FTPS certificate and the SSH host key, generated on
 * first start under the keys directory and reused afterwards.
 */
package io.listgate.tls;
