/**
 * The admin pages under {@code /admin/}: sign-in with an organization user's credentials, the
 * organization's import jobs, one job with its parameters, timings and rejected rows, and its
 * {@code .err} file. Server-rendered HTML that needs no JavaScript. A job's stored mapping file is
 * re-parsed for display with the hardened parser of {@link io.listgate.xml}.
 *
 * <p>Sessions are this package's own ({@link io.listgate.web.admin.AdminSessions}): a random token in
 * an HttpOnly, SameSite=Strict cookie scoped to {@code /admin}. No Jetty SessionHandler is installed,
 * because {@code ;jsessionid=} in XML API URLs is the API's own session id.
 */
package io.listgate.web.admin;
