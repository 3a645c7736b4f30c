package io.listgate.api;

/**
 * One API operation, found by its element name in {@code Envelope/Body}. Each feature exposes its
 * operations; adding one touches that feature's package and {@code xsd/}, nothing else.
 */
public interface Operation {

    /** The element name in {@code Body}, e.g. {@code Login}; case-sensitive. */
    String name();

    /** Whether a valid session (or bearer token) is required before {@link #handle} is called. */
    boolean requiresSession();

    /** Does the work; throws {@link ApiException} for expected failures. */
    Result handle(ApiRequest request);
}
