package io.listgate.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.listgate.contacts.ContactDatabaseService;
import io.listgate.contacts.ContactList;
import io.listgate.db.Database;
import io.listgate.flows.FlowOverview;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.ImportJobService;
import io.listgate.importjob.JobStatus;
import io.listgate.importjob.RowError;
import io.listgate.user.LoginAttempt;
import io.listgate.user.OrgUser;
import io.listgate.user.Organization;
import io.listgate.user.UserService;
import io.listgate.web.admin.AdminSessions.AdminSession;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything under {@code /admin/}: converts requests, checks the session and the CSRF token, and
 * delegates to {@link ImportJobService} and {@link AdminPages}. Pages of other organizations' jobs
 * answer exactly as missing ones do.
 */
public final class AdminServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServlet.class);

    /** The session cookie; scoped to {@code /admin} so the XML API never sees it. */
    static final String SESSION_COOKIE = "LISTGATE_ADMIN";
    /** Before sign-in the CSRF token of the sign-in form lives in a cookie of its own (double submit). */
    static final String LOGIN_CSRF_COOKIE = "LISTGATE_ADMIN_CSRF";
    static final int JOBS_PER_PAGE = 50;
    static final int ROWS_PER_PAGE = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient UserService users;
    private final transient ImportJobService jobs;
    private final transient ContactDatabaseService contacts;
    private final transient AdminSessions sessions;
    private final transient FlowOverview flows;

    public AdminServlet(UserService users, ImportJobService jobs, ContactDatabaseService contacts, FlowOverview flows,
                        Database database, Duration sessionIdle) {
        this.contacts = contacts;
        this.flows = flows;
        this.users = users;
        this.jobs = jobs;
        this.sessions = new AdminSessions(database, users::user, sessionIdle, Clock.systemUTC());
    }

    /** A page under {@code /admin/jobs/<id>/}: the job's id and what of it ({@code ""} for the page itself). */
    record JobPath(long id, String part) {

        /** {@code /jobs/12}, {@code /jobs/12/progress}, …; empty for anything else. */
        static Optional<JobPath> parse(String path) {
            if (!path.startsWith("/jobs/")) {
                return Optional.empty();
            }
            String rest = path.substring("/jobs/".length());
            int slash = rest.indexOf('/');
            String id = slash < 0 ? rest : rest.substring(0, slash);
            String part = slash < 0 ? "" : rest.substring(slash + 1);
            if (!id.matches("[0-9]{1,18}") || part.contains("/")) {
                return Optional.empty();
            }
            return Optional.of(new JobPath(Long.parseLong(id), part));
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        securityHeaders(response);
        String path = path(request);
        switch (path) {
            case "/admin.css" -> asset(response, "admin.css", "text/css;charset=UTF-8");
            case "/admin.js" -> asset(response, "admin.js", "text/javascript;charset=UTF-8");
            case "/login" -> {
                if (session(request).isPresent()) {
                    response.sendRedirect("/admin/jobs");
                } else {
                    loginPage(request, response, HttpServletResponse.SC_OK, Optional.empty(),
                            request.getParameter("signed-out") != null ? Optional.of("You are signed out.") : Optional.empty(),
                            "");
                }
            }
            default -> signedInGet(request, response, path);
        }
    }

    private void signedInGet(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        Optional<AdminSession> found = session(request);
        if (found.isEmpty()) {
            // the page asked for comes back after sign-in (links in job-end mail and webhooks)
            String asked = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            response.sendRedirect(path.equals("/") || path.isEmpty() ? "/admin/login"
                    : "/admin/login?next=" + URLEncoder.encode(asked, StandardCharsets.UTF_8));
            return;
        }
        AdminSession session = found.get();
        switch (path) {
            case "", "/" -> response.sendRedirect("/admin/jobs");
            case "/jobs" -> jobsPage(request, response, session);
            case "/databases" -> databasesPage(request, response, session);
            case "/flows" -> flowsPage(request, response, session);
            default -> {
                Optional<JobPath> job = JobPath.parse(path);
                if (job.isEmpty()) {
                    notFound(response, session);
                    return;
                }
                long id = job.get().id();
                switch (job.get().part()) {
                    case "" -> jobPage(request, response, session, id);
                    case "progress" -> progress(response, session, id);
                    case "cancel" -> cancelPage(response, session, id);
                    case "hot-folder" -> hotFolderPage(response, session, id, "", null);
                    case "error-file" -> download(response, session, jobs.errorFile(session.user(), id), "text/csv;charset=UTF-8");
                    case "result-file" -> download(response, session, jobs.resultsFile(session.user(), id),
                            "text/plain;charset=UTF-8");
                    default -> notFound(response, session);
                }
            }
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        securityHeaders(response);
        String path = path(request);
        if (path.equals("/login")) {
            login(request, response);
            return;
        }
        // Every other form needs a session and its CSRF token.
        Optional<AdminSession> session = session(request);
        if (session.isEmpty()) {
            response.sendRedirect("/admin/login");
            return;
        }
        if (!sameToken(session.get().csrf(), request.getParameter("csrf"))) {
            forbidden(response);
            return;
        }
        Optional<JobPath> job = JobPath.parse(path);
        if (job.isPresent() && job.get().part().equals("cancel")) {
            cancel(response, session.get(), job.get().id());
        } else if (job.isPresent() && job.get().part().equals("hot-folder")) {
            makeHotFolder(request, response, session.get(), job.get().id());
        } else if (path.equals("/logout")) {
            sessions.close(session.get().token());
            response.addCookie(cookie(request, SESSION_COOKIE, "", 0));
            LOG.info("Admin sign-out of {}", session.get().user().username());
            seeOther(response, "/admin/login?signed-out");
        } else {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        }
    }

    /** "Make a hot folder from this job": the form asking the flow's name, with what was wrong with the last one. */
    private void hotFolderPage(HttpServletResponse response, AdminSession session, long id, String name, String error)
            throws IOException {
        Optional<ImportJob> job = jobs.find(session.user(), id).filter(AdminPages::canBecomeAFlow);
        if (job.isEmpty()) {
            notFound(response, session);
            return;
        }
        html(response, error == null ? HttpServletResponse.SC_OK : HttpServletResponse.SC_BAD_REQUEST,
                AdminPages.hotFolder(session.user(), session.csrf(), job.get(), name, error));
    }

    private void makeHotFolder(HttpServletRequest request, HttpServletResponse response, AdminSession session, long id)
            throws IOException {
        Optional<ImportJob> job = jobs.find(session.user(), id).filter(AdminPages::canBecomeAFlow);
        if (job.isEmpty()) {
            notFound(response, session);
            return;
        }
        String name = parameter(request, "name");
        String organization = users.organizations().stream().filter(o -> o.id() == job.get().organizationId())
                .map(Organization::name).findFirst().orElseThrow();
        try {
            flows.create(organization, name, job.get().mappingXml().getBytes(StandardCharsets.UTF_8));
        } catch (FlowOverview.Refused e) {
            LOG.info("Hot folder from job {} refused: {}", id, e.getMessage());
            hotFolderPage(response, session, id, name, e.getMessage());
            return;
        }
        LOG.info("Hot folder flows/{} of {} made from job {} by {}", name, organization, id, session.user().username());
        seeOther(response, "/admin/flows?organization=" + job.get().organizationId() + "&created="
                + URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    private void flowsPage(HttpServletRequest request, HttpServletResponse response, AdminSession session)
            throws IOException {
        OrgUser viewer = session.user();
        Optional<Long> picked;
        try {
            picked = pickedOrganization(request, viewer);
        } catch (BadFilter e) {
            badFilter(response, session, e);
            return;
        }
        List<AdminPages.Choice> organizations = organizationChoices(viewer);
        // a system administrator sees one organization's flows at a time: the one picked, else the first
        long organization = picked.orElse(organizations.isEmpty() ? viewer.organizationId() : organizations.get(0).id());
        String name = organizations.isEmpty() ? viewer.organizationName() : AdminPages.label(organizations, organization);
        html(response, HttpServletResponse.SC_OK, AdminPages.flows(viewer, session.csrf(), organizations, organization,
                name, flows.roots(name, organization), Optional.ofNullable(request.getParameter("created"))));
    }

    /** The confirmation step of Cancel: a page with the POST form, so it works without scripts. */
    private void cancelPage(HttpServletResponse response, AdminSession session, long id) throws IOException {
        Optional<ImportJob> job = jobs.find(session.user(), id);
        if (job.isEmpty()) {
            notFound(response, session);
            return;
        }
        html(response, HttpServletResponse.SC_OK, AdminPages.cancel(session.user(), session.csrf(), job.get()));
    }

    private void cancel(HttpServletResponse response, AdminSession session, long id) throws IOException {
        if (jobs.find(session.user(), id).isEmpty()) {
            notFound(response, session);
            return;
        }
        ImportJobService.Cancel outcome = jobs.cancel(session.user(), id);
        seeOther(response, "/admin/jobs/" + id + "?cancel=" + outcome.name().toLowerCase(Locale.ROOT));
    }

    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String expected = cookieValue(request, LOGIN_CSRF_COOKIE).orElse(null);
        if (expected == null || !sameToken(expected, request.getParameter("csrf"))) {
            forbidden(response);
            return;
        }
        String username = Optional.ofNullable(request.getParameter("username")).orElse("").trim();
        String password = Optional.ofNullable(request.getParameter("password")).orElse("");
        LoginAttempt attempt = username.isEmpty() || password.isEmpty()
                ? LoginAttempt.rejected() : users.authenticate(username, password, request.getRemoteAddr());
        if (!attempt.isAccepted()) {
            LOG.info("Admin sign-in of {} refused: {}", username, attempt.status());
            String message = switch (attempt.status()) {
                case LOCKED -> "Too many failed sign-ins for this user. Try again later.";
                case THROTTLED -> "Too many failed sign-ins from your address. Try again later.";
                default -> "The user name or the password is wrong.";
            };
            loginPage(request, response, HttpServletResponse.SC_UNAUTHORIZED, Optional.of(message), Optional.empty(),
                    username);
            return;
        }
        OrgUser user = attempt.user().orElseThrow();
        AdminSession session = sessions.open(user);
        response.addCookie(cookie(request, SESSION_COOKIE, session.token(), -1));
        response.addCookie(cookie(request, LOGIN_CSRF_COOKIE, "", 0));
        LOG.info("Admin sign-in of {} (organization {})", user.username(), user.organizationName());
        seeOther(response, localAdminPath(request.getParameter("next")).orElse("/admin/jobs"));
    }

    private void loginPage(HttpServletRequest request, HttpServletResponse response, int status,
                           Optional<String> error, Optional<String> notice, String username) throws IOException {
        String csrf = AdminSessions.randomToken();
        response.addCookie(cookie(request, LOGIN_CSRF_COOKIE, csrf, -1));
        html(response, status, AdminPages.login(csrf, error, notice, username,
                localAdminPath(request.getParameter("next")).orElse("")));
    }

    /**
     * {@code next} when it is a page of these admin pages, empty otherwise: sign-in must never send a
     * browser elsewhere (an open redirect), so no scheme, no host ({@code //evil}), no backslash, which
     * browsers read as a slash ({@code /\evil}), no dot segments and nothing but printable ASCII.
     */
    static Optional<String> localAdminPath(String next) {
        if (next == null || !next.startsWith("/admin/") || next.contains("\\") || next.contains("//")
                || next.contains("..") || !next.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(next);
            return uri.getScheme() == null && uri.getRawAuthority() == null ? Optional.of(next) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** A filter parameter that is not what the form sends. */
    private static final class BadFilter extends Exception {
        BadFilter(String message) {
            super(message, null, false, false);
        }
    }

    private void jobsPage(HttpServletRequest request, HttpServletResponse response, AdminSession session)
            throws IOException {
        OrgUser viewer = session.user();
        AdminPages.JobsForm form;
        try {
            form = jobsForm(request, viewer);
        } catch (BadFilter e) {
            badFilter(response, session, e);
            return;
        }
        ZoneId zone = form.zone().orElse(ZoneId.systemDefault());
        ImportJobService.JobFilter filter = new ImportJobService.JobFilter(form.organization(), form.status(),
                form.database(), form.from().map(d -> serverTime(d, zone)),
                form.to().map(d -> serverTime(d.plusDays(1), zone)));
        int page = (int) Math.min(1_000_000, Math.max(1, number(request.getParameter("page"), 1)));
        long total = jobs.countJobs(viewer, filter);
        List<ImportJob> list = jobs.jobs(viewer, filter, (long) (page - 1) * JOBS_PER_PAGE, JOBS_PER_PAGE);
        html(response, HttpServletResponse.SC_OK,
                AdminPages.jobs(viewer, session.csrf(), list, form, page, JOBS_PER_PAGE, total));
    }

    private AdminPages.JobsForm jobsForm(HttpServletRequest request, OrgUser viewer) throws BadFilter {
        Optional<JobStatus> status = Optional.empty();
        String wanted = parameter(request, "status");
        if (!wanted.isEmpty()) {
            try {
                status = Optional.of(JobStatus.valueOf(wanted.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadFilter("There is no job status '" + wanted + "'.");
            }
        }
        Optional<Long> organization = pickedOrganization(request, viewer);
        Optional<Long> database = id(request, "database");
        Optional<LocalDate> from = date(request, "from");
        Optional<LocalDate> to = date(request, "to");
        Optional<ZoneId> zone = zone(request);
        List<AdminPages.Choice> organizations = organizationChoices(viewer);
        return new AdminPages.JobsForm(organization, status, database, from, to, zone, organizations,
                databaseChoices(viewer, organization, organizations));
    }

    /** The organization a system administrator picked; nobody else picks one. */
    private static Optional<Long> pickedOrganization(HttpServletRequest request, OrgUser viewer) throws BadFilter {
        return id(request, "organization").filter(o -> viewer.systemAdministrator());
    }

    private static Optional<ZoneId> zone(HttpServletRequest request) throws BadFilter {
        String text = parameter(request, "tz");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(text));
        } catch (DateTimeException e) {
            throw new BadFilter("There is no time zone '" + text + "'.");
        }
    }

    /** Every organization for a system administrator's filters; nothing for anybody else. */
    private List<AdminPages.Choice> organizationChoices(OrgUser viewer) {
        if (!viewer.systemAdministrator()) {
            return List.of();
        }
        return users.organizations().stream().map(o -> new AdminPages.Choice(o.id(), o.name())).toList();
    }

    /** The databases (not contact lists) in the viewer's sight, named with their organization when there are several. */
    private List<AdminPages.Choice> databaseChoices(OrgUser viewer, Optional<Long> organization,
                                                    List<AdminPages.Choice> organizations) {
        List<AdminPages.Choice> choices = new ArrayList<>();
        for (long org : organizationsInSight(viewer, organization, organizations)) {
            String prefix = organizations.size() > 1 && organization.isEmpty()
                    ? AdminPages.label(organizations, org) + " · " : "";
            for (ContactList list : contacts.lists(org, null, null)) {
                if (list.parentId() == null) {
                    choices.add(new AdminPages.Choice(list.id(), prefix + list.name()));
                }
            }
        }
        return choices;
    }

    private static List<Long> organizationsInSight(OrgUser viewer, Optional<Long> organization,
                                                   List<AdminPages.Choice> organizations) {
        if (!viewer.systemAdministrator()) {
            return List.of(viewer.organizationId());
        }
        return organization.map(List::of).orElseGet(() -> organizations.stream().map(AdminPages.Choice::id).toList());
    }

    /** The start of a day of the viewer's time zone as the database's times are kept (the server's zone). */
    private static LocalDateTime serverTime(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).withZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
    }

    private static Optional<LocalDate> date(HttpServletRequest request, String name) throws BadFilter {
        String text = parameter(request, name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            throw new BadFilter("'" + text + "' is not a date like 2026-01-31.");
        }
    }

    private static Optional<Long> id(HttpServletRequest request, String name) throws BadFilter {
        String text = parameter(request, name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!text.matches("[0-9]{1,18}")) {
            throw new BadFilter("'" + text + "' is not a " + name + " number.");
        }
        return Optional.of(Long.parseLong(text));
    }

    private static String parameter(HttpServletRequest request, String name) {
        return Optional.ofNullable(request.getParameter(name)).map(String::trim).orElse("");
    }

    private void jobPage(HttpServletRequest request, HttpServletResponse response, AdminSession session, long id)
            throws IOException {
        Optional<ImportJob> job = jobs.find(session.user(), id);
        if (job.isEmpty()) {
            notFound(response, session);
            return;
        }
        long after = Math.max(0, number(request.getParameter("after"), 0));
        List<RowError> rows = jobs.rejectedRows(session.user(), id, after, ROWS_PER_PAGE + 1);
        boolean more = rows.size() > ROWS_PER_PAGE;
        html(response, HttpServletResponse.SC_OK, AdminPages.job(session.user(), session.csrf(), job.get(),
                jobs.rejectedByReason(session.user(), id), jobs.progressSamples(session.user(), id),
                more ? rows.subList(0, ROWS_PER_PAGE) : rows, after, more, ROWS_PER_PAGE,
                Optional.ofNullable(request.getParameter("cancel"))));
    }

    private void databasesPage(HttpServletRequest request, HttpServletResponse response, AdminSession session)
            throws IOException {
        OrgUser viewer = session.user();
        Optional<Long> organization;
        try {
            organization = pickedOrganization(request, viewer);
        } catch (BadFilter e) {
            badFilter(response, session, e);
            return;
        }
        List<AdminPages.Choice> organizations = organizationChoices(viewer);
        List<AdminPages.ListRow> rows = new ArrayList<>();
        List<ContactDatabaseService.DayCount> perDay = new ArrayList<>();
        for (long org : organizationsInSight(viewer, organization, organizations)) {
            String organizationName = organizations.isEmpty() ? viewer.organizationName()
                    : AdminPages.label(organizations, org);
            List<ContactList> lists = contacts.lists(org, null, null);
            for (ContactList l : lists) {
                ContactDatabaseService.Size size = contacts.size(l);
                String parent = l.parentId() == null ? "" : lists.stream().filter(p -> p.id() == l.parentId())
                        .map(ContactList::name).findFirst().orElse("");
                rows.add(new AdminPages.ListRow(l, organizationName, parent, size.size(), size.optedOut()));
                perDay.addAll(contacts.perDay(l));
            }
        }
        html(response, HttpServletResponse.SC_OK,
                AdminPages.databases(viewer, session.csrf(), rows, organizations, organization, perDay));
    }

    /** The bar's state as JSON, for admin.js: {"status":…,"finished":…,"percent":…,"text":…}. */
    private void progress(HttpServletResponse response, AdminSession session, long id) throws IOException {
        Optional<ImportJob> job = jobs.find(session.user(), id);
        if (job.isEmpty()) {
            notFound(response, session);
            return;
        }
        AdminPages.Progress p = AdminPages.progressOf(job.get());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", job.get().status().name());
        body.put("finished", job.get().status().isFinished());
        body.put("percent", p.percent());
        body.put("text", p.text());
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(), body);
    }

    /** A result file as an attachment; the same answer as a missing job when there is none. */
    private void download(HttpServletResponse response, AdminSession session, Optional<Path> file, String type)
            throws IOException {
        if (file.isEmpty()) {
            notFound(response, session);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(type);
        response.setHeader("Content-Disposition", "attachment; filename=\"" + file.get().getFileName() + "\"");
        response.setContentLengthLong(Files.size(file.get()));
        try (InputStream in = Files.newInputStream(file.get())) {
            in.transferTo(response.getOutputStream());
        }
    }

    private static void badFilter(HttpServletResponse response, AdminSession session, BadFilter e) throws IOException {
        html(response, HttpServletResponse.SC_BAD_REQUEST,
                AdminPages.message(session.user(), session.csrf(), "Bad filter", e.getMessage()));
    }

    private void notFound(HttpServletResponse response, AdminSession session) throws IOException {
        html(response, HttpServletResponse.SC_NOT_FOUND, AdminPages.notFound(session.user(), session.csrf()));
    }

    /** 303 See Other after a POST, so the browser follows with a GET. */
    private static void seeOther(HttpServletResponse response, String location) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }

    private static void forbidden(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("The form was stale or not sent by this site. Go back, reload it and try again.\n");
    }

    private static void asset(HttpServletResponse response, String name, String type) throws IOException {
        try (InputStream in = AdminServlet.class.getResourceAsStream(name)) {
            response.setContentType(type);
            response.setHeader("Cache-Control", "max-age=300");
            in.transferTo(response.getOutputStream());
        }
    }

    private static void html(HttpServletResponse response, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Content-Security-Policy",
                "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self';"
                        + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    }

    private Optional<AdminSession> session(HttpServletRequest request) {
        return cookieValue(request, SESSION_COOKIE).flatMap(sessions::find);
    }

    /**
     * HttpOnly, SameSite=Strict, path /admin; Secure when the request came over HTTPS. A negative
     * {@code maxAge} lasts the browser session, zero removes the cookie.
     */
    private static Cookie cookie(HttpServletRequest request, String name, String value, int maxAge) {
        Cookie c = new Cookie(name, value);
        c.setPath("/admin");
        c.setHttpOnly(true);
        c.setSecure(request.isSecure());
        c.setMaxAge(maxAge);
        c.setAttribute("SameSite", "Strict");
        return c;
    }

    private static Optional<String> cookieValue(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName()) && c.getValue() != null && !c.getValue().isEmpty()) {
                return Optional.of(c.getValue());
            }
        }
        return Optional.empty();
    }

    static boolean sameToken(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private static String path(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info == null ? "" : info;
    }

    private static long number(String text, long otherwise) {
        if (text == null || !text.matches("[0-9]{1,18}")) {
            return otherwise;
        }
        return Long.parseLong(text);
    }
}
