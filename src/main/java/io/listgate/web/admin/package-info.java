/**
 * The admin pages under {@code /admin/}: sign-in with an organization user's credentials, the
 * organization's import jobs, one job with its summary, rows-per-second chart, parameters, timings,
 * rejected rows and result files, Cancel's confirmation, the databases with a contacts-over-time
 * chart, the hot folders ({@link io.listgate.flows.FlowOverview}) and a new flow from a job.
 * Server-rendered HTML from jte templates in {@code src/main/jte}, compiled at build time and escaped
 * by context (ADR 0024); charts are inline SVG drawn here ({@link io.listgate.web.admin.AdminCharts}).
 * Every page works without JavaScript. A job's stored mapping file is re-parsed for display with the
 * hardened parser of {@link io.listgate.xml}.
 *
 * <p>Sessions are this package's own ({@link io.listgate.web.admin.AdminSessions}): a random token in
 * an HttpOnly, SameSite=Strict cookie scoped to {@code /admin}, set through the servlet API. No Jetty
 * SessionHandler is installed, because {@code ;jsessionid=} in XML API URLs is the API's own session id.
 */
package io.listgate.web.admin;
