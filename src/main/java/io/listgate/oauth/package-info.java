/**
 * OAuth applications of an organization (declared in the users file), the refresh-token grant at
 * {@code POST /oauth/token}, and the access tokens that identify a caller by
 * {@code Authorization: Bearer} on the API transports. See ADR 0007.
 */
package io.listgate.oauth;
