/**
 * OAuth applications of an organization (declared in the users file), the refresh-token grant at
 * {@code POST /oauth/token}, the access tokens that identify a caller by
 * {@code Authorization: Bearer} on the API transports, and sign-in with a token as user {@code oauth}
 * on FTP, FTPS and SFTP. See ADR 0007.
 */
package io.listgate.oauth;
