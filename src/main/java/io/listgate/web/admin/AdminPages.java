package io.listgate.web.admin;

import static io.listgate.web.admin.Html.esc;

import io.listgate.contacts.ContactList;
import io.listgate.importjob.Counter;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.JobStatus;
import io.listgate.importjob.RowError;
import io.listgate.user.OrgUser;
import io.listgate.xml.HardenedXml;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** The HTML of each admin page; every value from the database or the request is escaped. */
final class AdminPages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private AdminPages() {
    }

    static String login(String csrf, Optional<String> error, Optional<String> notice, String username, String next) {
        String message = error.map(e -> "<p class=\"error\" role=\"alert\" id=\"login-error\">" + esc(e) + "</p>")
                .orElse(notice.map(n -> "<p class=\"notice\" role=\"status\">" + esc(n) + "</p>").orElse(""));
        String body = """
                <h1>Sign in</h1>
                %s
                <form method="post" action="/admin/login" class="card login">
                <input type="hidden" name="csrf" value="%s">
                %s<label for="username">User name</label>
                <input id="username" name="username" type="text" autocomplete="username" required value="%s" %s>
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required %s>
                <button type="submit" id="sign-in">Sign in</button>
                </form>
                """.formatted(message, esc(csrf),
                next.isEmpty() ? "" : "<input type=\"hidden\" name=\"next\" value=\"" + esc(next) + "\">\n",
                esc(username), username.isEmpty() ? "autofocus" : "",
                username.isEmpty() ? "" : "autofocus");
        return Html.page("Sign in", "", body);
    }

    private static String cancelNotice(String outcome) {
        return switch (outcome) {
            case "canceled" -> "The job was canceled before it started.";
            case "will_stop" -> "The job stops after the batch it is writing; what it wrote stays. Reload to see it end.";
            default -> "The job had already ended.";
        };
    }

    private static String header(OrgUser user, String csrf) {
        return """
                <nav aria-label="Main"><a href="/admin/jobs">Jobs</a> <a href="/admin/databases">Databases</a></nav>
                <form method="post" action="/admin/logout" class="signout">
                <span class="who">%s · %s</span>
                <input type="hidden" name="csrf" value="%s">
                <button type="submit" id="sign-out">Sign out</button>
                </form>
                """.formatted(esc(user.username()), user.systemAdministrator() ? "system administrator"
                : esc(user.organizationName()), esc(csrf));
    }

    /** Whose data a page shows: the user's organization, or the one a system administrator picked, or every one. */
    private static String inSight(OrgUser user, List<Choice> organizations, Optional<Long> organization) {
        if (organizations.isEmpty()) {
            return user.organizationName();
        }
        return organization.map(o -> label(organizations, o)).orElse("every organization");
    }

    /** One row of the databases page: a database or contact list with its size and opt-outs. */
    record ListRow(ContactList list, String organizationName, String parentName, long size, long optedOut) {
    }

    /** {@code organizations} is empty unless the viewer is a system administrator, who may pick one. */
    static String databases(OrgUser user, String csrf, List<ListRow> rows, List<Choice> organizations,
                            Optional<Long> organization) {
        boolean everyOrganization = !organizations.isEmpty();
        StringBuilder b = new StringBuilder();
        b.append("<h1>Databases and contact lists of ").append(esc(inSight(user, organizations, organization)))
                .append("</h1>\n");
        if (everyOrganization) {
            b.append("<form method=\"get\" action=\"/admin/databases\" class=\"filter\">\n");
            select(b, "organization", "Organization", "All organizations", organizations, organization);
            b.append("<button type=\"submit\">Filter</button>\n</form>\n");
        }
        if (rows.isEmpty()) {
            b.append("<p id=\"no-databases\">No databases yet: an ImportList with ACTION CREATE makes one.</p>\n");
        } else {
            b.append("<div class=\"scroll\"><table id=\"databases\">\n<thead><tr>")
                    .append("<th scope=\"col\" class=\"num\">LIST_ID</th>")
                    .append(everyOrganization ? "<th scope=\"col\">Organization</th>" : "")
                    .append("<th scope=\"col\">Name</th><th scope=\"col\">Type</th>")
                    .append("<th scope=\"col\">Database</th><th scope=\"col\" class=\"num\">Contacts</th>")
                    .append("<th scope=\"col\" class=\"num\">Opted out</th><th scope=\"col\">Last modified</th>")
                    .append("</tr></thead>\n<tbody>\n");
            for (ListRow row : rows) {
                ContactList l = row.list();
                b.append("<tr id=\"list-").append(l.id()).append("\"><td class=\"num\">").append(l.id()).append("</td>");
                if (everyOrganization) {
                    b.append("<td class=\"organization\">").append(esc(row.organizationName())).append("</td>");
                }
                b.append("<td>").append(esc(l.name())).append("</td><td>").append(esc(typeName(l.listType()))).append("</td><td>")
                        .append(esc(row.parentName())).append("</td><td class=\"num\">").append(row.size())
                        .append("</td><td class=\"num\">").append(row.optedOut()).append("</td><td>")
                        .append(format(l.lastModified())).append("</td></tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
        return Html.page("Databases", header(user, csrf), b.toString());
    }

    private static String typeName(int listType) {
        return switch (listType) {
            case ContactList.DATABASE -> "Database";
            case ContactList.SEED_LIST -> "Seed list";
            case ContactList.SUPPRESSION_LIST -> "Suppression list";
            case ContactList.CONTACT_LIST -> "Contact list";
            default -> "Type " + listType;
        };
    }

    /** A choice of a filter's select: its value and what it shows. */
    record Choice(long id, String label) {
    }

    /**
     * The jobs list's filter as the form shows it, with the choices it offers; {@code organizations}
     * is empty unless the viewer is a system administrator.
     */
    record JobsForm(Optional<Long> organization, Optional<JobStatus> status, Optional<Long> database,
                    Optional<LocalDate> from, Optional<LocalDate> to, Optional<ZoneId> zone,
                    List<Choice> organizations, List<Choice> databases) {

        /** The filter as query parameters for the pager's links, each starting with {@code &}. */
        String query() {
            StringBuilder q = new StringBuilder();
            organization.ifPresent(o -> q.append("&organization=").append(o));
            status.ifPresent(s -> q.append("&status=").append(s));
            database.ifPresent(d -> q.append("&database=").append(d));
            from.ifPresent(d -> q.append("&from=").append(d));
            to.ifPresent(d -> q.append("&to=").append(d));
            zone.ifPresent(z -> q.append("&tz=").append(URLEncoder.encode(z.getId(), StandardCharsets.UTF_8)));
            return q.toString();
        }

        boolean narrowed() {
            return organization.isPresent() || status.isPresent() || database.isPresent() || from.isPresent()
                    || to.isPresent();
        }
    }

    static String jobs(OrgUser user, String csrf, List<ImportJob> jobs, JobsForm form, int page, int pageSize,
                       long total) {
        boolean everyOrganization = !form.organizations().isEmpty();
        StringBuilder b = new StringBuilder();
        b.append("<h1>Import jobs of ").append(esc(inSight(user, form.organizations(), form.organization())))
                .append("</h1>\n");
        b.append("<form method=\"get\" action=\"/admin/jobs\" class=\"filter\" id=\"job-filter\">\n");
        if (everyOrganization) {
            select(b, "organization", "Organization", "All organizations", form.organizations(), form.organization());
        }
        b.append("<label for=\"status\">Status</label>\n<select id=\"status\" name=\"status\">\n")
                .append("<option value=\"\">All</option>\n");
        for (JobStatus s : JobStatus.values()) {
            b.append("<option value=\"").append(s).append('"').append(form.status().filter(s::equals).isPresent() ? " selected" : "")
                    .append('>').append(s).append("</option>\n");
        }
        b.append("</select>\n");
        select(b, "database", "Database", "All databases", form.databases(), form.database());
        b.append("<label for=\"from\">Submitted from</label>\n<input id=\"from\" name=\"from\" type=\"date\" value=\"")
                .append(form.from().map(LocalDate::toString).orElse("")).append("\">\n")
                .append("<label for=\"to\">to</label>\n<input id=\"to\" name=\"to\" type=\"date\" value=\"")
                .append(form.to().map(LocalDate::toString).orElse("")).append("\">\n")
                // admin.js fills in the viewer's time zone, so that dates mean the viewer's days
                .append("<input type=\"hidden\" name=\"tz\" id=\"tz\" value=\"").append(esc(form.zone().map(ZoneId::getId).orElse("")))
                .append("\">\n<button type=\"submit\">Filter</button>\n");
        if (form.narrowed()) {
            b.append("<a href=\"/admin/jobs\" id=\"clear-filter\">Clear</a>\n");
        }
        b.append("</form>\n");
        if (jobs.isEmpty()) {
            b.append("<p id=\"no-jobs\">No jobs").append(form.narrowed() ? " match this filter" : " yet").append(".</p>\n");
        } else {
            b.append("<div class=\"scroll\"><table id=\"jobs\">\n<caption>")
                    .append(total).append(total == 1 ? " job" : " jobs").append(", newest first</caption>\n<thead><tr>")
                    .append("<th scope=\"col\">Job</th>").append(everyOrganization ? "<th scope=\"col\">Organization</th>" : "")
                    .append("<th scope=\"col\">Database</th><th scope=\"col\">Action</th>")
                    .append("<th scope=\"col\">Files</th><th scope=\"col\">Times</th><th scope=\"col\">Status</th>")
                    .append("<th scope=\"col\">Progress</th><th scope=\"col\" class=\"num\">Added</th>")
                    .append("<th scope=\"col\" class=\"num\">Updated</th><th scope=\"col\" class=\"num\">Rejected</th>")
                    .append("</tr></thead>\n<tbody>\n");
            for (ImportJob job : jobs) {
                b.append("<tr id=\"job-").append(job.id()).append("\">")
                        .append("<td><a href=\"/admin/jobs/").append(job.id()).append("\">").append(job.id()).append("</a></td>");
                if (everyOrganization) {
                    b.append("<td class=\"organization\">").append(esc(label(form.organizations(), job.organizationId()))).append("</td>");
                }
                b.append("<td>").append(esc(job.listName())).append("</td>")
                        .append("<td>").append(esc(job.action())).append("</td>")
                        .append("<td class=\"files\">").append(esc(job.isExport() ? job.resultsFile() : job.sourceFile()))
                        .append("<br><span class=\"muted\">").append(esc(job.mapFile())).append("</span></td>")
                        .append("<td class=\"times\">").append(timeLine("Submitted", job.submittedAt()))
                        .append(timeLine("Started", job.startedAt())).append(timeLine("Ended", job.endedAt())).append("</td>")
                        .append("<td>").append(status(job.status())).append("</td>")
                        .append("<td>").append(progress(job)).append("</td>")
                        .append("<td class=\"num\">").append(job.count(Counter.SQL_ADDED)).append("</td>")
                        .append("<td class=\"num\">").append(job.count(Counter.SQL_UPDATED)).append("</td>")
                        .append("<td class=\"num\">").append(rejected(job)).append("</td></tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
        long pages = Math.max(1, (total + pageSize - 1) / pageSize);
        if (pages > 1) {
            String filter = esc(form.query());
            b.append("<nav class=\"pager\" aria-label=\"Pages\">");
            if (page > 1) {
                b.append("<a rel=\"prev\" href=\"/admin/jobs?page=").append(page - 1).append(filter).append("\">Newer</a> ");
            }
            b.append("<span>Page ").append(page).append(" of ").append(pages).append("</span>");
            if (page < pages) {
                b.append(" <a rel=\"next\" href=\"/admin/jobs?page=").append(page + 1).append(filter).append("\">Older</a>");
            }
            b.append("</nav>\n");
        }
        return Html.page("Jobs", header(user, csrf), b.toString());
    }

    private static void select(StringBuilder b, String name, String label, String all, List<Choice> choices,
                               Optional<Long> selected) {
        b.append("<label for=\"").append(name).append("\">").append(label).append("</label>\n<select id=\"")
                .append(name).append("\" name=\"").append(name).append("\">\n<option value=\"\">").append(all)
                .append("</option>\n");
        for (Choice c : choices) {
            b.append("<option value=\"").append(c.id()).append('"')
                    .append(selected.filter(id -> id == c.id()).isPresent() ? " selected" : "").append('>')
                    .append(esc(c.label())).append("</option>\n");
        }
        b.append("</select>\n");
    }

    /** The label of the choice with this id; the id itself when there is none. */
    static String label(List<Choice> choices, long id) {
        return choices.stream().filter(c -> c.id() == id).map(Choice::label).findFirst().orElse(String.valueOf(id));
    }

    static String job(OrgUser user, String csrf, ImportJob job, List<RowError> rows, long afterRow, boolean more,
                      int pageSize, Optional<String> cancel) {
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"crumbs\"><a href=\"/admin/jobs\">All jobs</a></p>\n");
        b.append("<h1>Job ").append(job.id()).append(" ").append(status(job.status())).append("</h1>\n");
        cancel.map(AdminPages::cancelNotice).ifPresent(n -> b.append("<p class=\"notice\" role=\"status\" id=\"cancel-notice\">")
                .append(esc(n)).append("</p>\n"));
        if (job.description() != null && !job.description().isBlank()) {
            b.append("<p id=\"description\">").append(esc(job.description())).append("</p>\n");
        }
        if (!job.status().isFinished()) {
            b.append("<form method=\"post\" action=\"/admin/jobs/").append(job.id()).append("/cancel\">")
                    .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(csrf)).append("\">")
                    .append("<button type=\"submit\" id=\"cancel\">Cancel this job</button></form>\n");
        }
        b.append("<div class=\"card\">").append(progress(job)).append("</div>\n");

        b.append("<h2>Timings</h2>\n<dl class=\"timings\">")
                .append(termHtml("Submitted", format(job.submittedAt())))
                .append(termHtml("Started", format(job.startedAt())))
                .append(termHtml("Ended", format(job.endedAt())))
                .append(term("Waited", between(job.submittedAt(), job.startedAt())))
                .append(term("Ran", between(job.startedAt(), job.endedAt())))
                .append(term("Attempts", String.valueOf(job.attempts())))
                .append("</dl>\n");

        if (job.isExport()) {
            b.append("<h2>Export file</h2>\n<p id=\"export-file\">")
                    .append(job.resultsFile() == null ? "none" : esc(job.resultsPath())).append("</p>\n");
        } else {
            b.append("<h2>Mapping file</h2>\n<p class=\"muted\">").append(esc(job.mapFile())).append(" as submitted</p>\n")
                    .append("<pre id=\"mapping\" class=\"scroll\"><code>").append(esc(prettyXml(job.mappingXml())))
                    .append("</code></pre>\n");
        }
        b.append("<h2>Rejected rows</h2>\n");
        if (job.errorFile() != null) {
            b.append("<p><a id=\"error-file\" href=\"/admin/jobs/").append(job.id()).append("/error-file\" download>")
                    .append("Download ").append(esc(job.errorFile())).append(" (CSV)</a></p>\n");
        }
        if (rows.isEmpty()) {
            b.append("<p id=\"no-rejected\">").append(afterRow > 0 ? "No further rejected rows." : "No rejected rows.")
                    .append("</p>\n");
        } else {
            b.append("<div class=\"scroll\"><table id=\"rejected\">\n<thead><tr><th scope=\"col\" class=\"num\">Row</th>")
                    .append("<th scope=\"col\">Reason</th><th scope=\"col\">Message</th><th scope=\"col\">Value</th></tr></thead>\n<tbody>\n");
            for (RowError row : rows) {
                b.append("<tr><td class=\"num\">").append(row.rowNumber()).append("</td><td>").append(esc(row.reason()))
                        .append("</td><td>").append(esc(row.message())).append("</td><td class=\"value\">")
                        .append(esc(row.value())).append("</td></tr>\n");
            }
            b.append("</tbody></table></div>\n");
        }
        b.append("<nav class=\"pager\" aria-label=\"Rejected rows\">");
        if (afterRow > 0) {
            b.append("<a href=\"/admin/jobs/").append(job.id()).append("\">First rows</a> ");
        }
        if (more) {
            b.append("<a rel=\"next\" href=\"/admin/jobs/").append(job.id()).append("?after=")
                    .append(rows.get(rows.size() - 1).rowNumber()).append("\">Next ").append(pageSize).append(" rows</a>");
        }
        b.append("</nav>\n");
        b.append("<h2>Parameters</h2>\n<div class=\"scroll\"><table id=\"parameters\">\n")
                .append("<caption>As GetJobStatus reports them</caption>\n")
                .append("<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Value</th></tr></thead>\n<tbody>\n");
        for (String[] p : job.parameters()) {
            b.append("<tr><th scope=\"row\">").append(esc(p[0])).append("</th><td>").append(esc(p[1])).append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n");

        return Html.page("Job " + job.id(), header(user, csrf), b.toString());
    }

    static String notFound(OrgUser user, String csrf) {
        return message(user, csrf, "Not found", "There is no such page or job.");
    }

    /** A page that says what was wrong with the request and leads back to the jobs. */
    static String message(OrgUser user, String csrf, String title, String text) {
        String body = "<h1>" + esc(title) + "</h1>\n<p id=\"message\">" + esc(text)
                + "</p>\n<p><a href=\"/admin/jobs\">All jobs</a></p>\n";
        return Html.page(title, header(user, csrf), body);
    }

    static long rejected(ImportJob job) {
        return job.counts().rejected();
    }

    /** A job's progress: percent of the source read, and rows done (of an estimate while running). */
    record Progress(int percent, String text) {
    }

    static Progress progressOf(ImportJob job) {
        long max = Math.max(1, job.sourceBytes());
        boolean complete = job.status() == JobStatus.COMPLETE;
        long value = complete ? max : Math.min(job.bytesDone(), max);
        int percent = (int) (value * 100 / max);
        String rows;
        if (complete) {
            rows = job.rowsDone() + " of " + job.rowsDone() + " rows";
        } else if (!job.status().isFinished() && job.bytesDone() > 0 && job.rowsDone() > 0) {
            long estimate = Math.max(job.rowsDone(), Math.round(job.rowsDone() * (double) job.sourceBytes() / job.bytesDone()));
            rows = job.rowsDone() + " of about " + estimate + " rows";
        } else {
            // waiting, or ended early (canceled, error): only what was read
            rows = job.rowsDone() + " rows";
        }
        return new Progress(percent, percent + "% · " + rows);
    }

    /** The bar; a job still to finish carries data-live so admin.js refreshes it without reloading. */
    static String progress(ImportJob job) {
        Progress p = progressOf(job);
        return "<div class=\"progress\" data-job=\"" + job.id() + "\"" + (job.status().isFinished() ? "" : " data-live")
                + "><progress max=\"100\" value=\"" + p.percent() + "\" aria-label=\"Job " + job.id()
                + " progress\">" + p.percent() + "%</progress><span class=\"progress-text\" aria-live=\"polite\">"
                + esc(p.text()) + "</span></div>";
    }

    private static String status(JobStatus status) {
        return "<span class=\"status status-" + status.name().toLowerCase() + "\">" + status + "</span>";
    }

    private static String timeLine(String label, LocalDateTime time) {
        return time == null ? "" : "<span class=\"muted\">" + label + "</span> " + format(time) + "<br>";
    }

    /** The mapping file re-indented for reading; as stored when it cannot be (it was valid at submit). */
    static String prettyXml(String xml) {
        try {
            Document document = HardenedXml.documentBuilder().parse(new InputSource(new StringReader(xml)));
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            stripWhitespace(document.getDocumentElement());
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString().strip();
        } catch (SAXException | IOException | TransformerException e) {
            return xml;
        }
    }

    private static void stripWhitespace(Node node) {
        for (Node child = node.getFirstChild(); child != null; ) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.TEXT_NODE && child.getTextContent().isBlank()) {
                node.removeChild(child);
            } else {
                stripWhitespace(child);
            }
            child = next;
        }
    }

    private static String term(String name, String value) {
        return termHtml(name, esc(value));
    }

    private static String termHtml(String name, String html) {
        return "<div><dt>" + esc(name) + "</dt><dd>" + html + "</dd></div>";
    }

    /**
     * A time as the server knows it, marked up with its instant so admin.js can show it in the
     * viewer's time zone; without the script the server's time and zone show.
     */
    static String format(LocalDateTime time) {
        if (time == null) {
            return "–";
        }
        ZonedDateTime zoned = time.atZone(ZoneId.systemDefault());
        return "<time datetime=\"" + zoned.toInstant() + "\">" + TIME.format(time) + " " + esc(zoned.getZone().getId())
                + "</time>";
    }

    private static String between(LocalDateTime from, LocalDateTime to) {
        if (from == null || to == null) {
            return "–";
        }
        Duration d = Duration.between(from, to);
        long millis = Math.max(0, d.toMillis());
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
