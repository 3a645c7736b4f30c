package io.listgate.web.admin;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.listgate.contacts.ContactDatabaseService;
import io.listgate.contacts.ContactList;
import io.listgate.flows.FlowOverview;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.JobStatus;
import io.listgate.importjob.ProgressSample;
import io.listgate.importjob.ReasonCount;
import io.listgate.importjob.RowError;
import io.listgate.user.OrgUser;
import io.listgate.xml.HardenedXml;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
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

/**
 * The admin pages: one model record per page, rendered by its jte template in {@code src/main/jte}
 * (ADR 0024). The templates are compiled with the sources, and jte escapes every {@code ${}} for the
 * place it lands in (text, attribute, URL, script, style), so no value reaches a page unescaped.
 */
public final class AdminPages {

    /** Precompiled: the classes the build generated from the templates, no compiler at run time. */
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(null, ContentType.Html,
            AdminPages.class.getClassLoader(), "io.listgate.web.admin.templates");

    private AdminPages() {
    }

    private static String render(String template, Object page) {
        StringOutput out = new StringOutput(8192);
        TEMPLATES.render(template, page, out);
        return out.toString();
    }

    /** Who is signed in, for the header of every page but sign-in. */
    public record Frame(String username, String who, String csrf) {
        static Frame of(OrgUser user, String csrf) {
            return new Frame(user.username(), user.systemAdministrator() ? "system administrator"
                    : user.organizationName(), csrf);
        }
    }

    /** The sign-in form; {@code error} and {@code notice} may be null, {@code next} empty. */
    public record LoginPage(String csrf, String error, String notice, String username, String next) {
    }

    static String login(String csrf, Optional<String> error, Optional<String> notice, String username, String next) {
        return render("login.jte", new LoginPage(csrf, error.orElse(null), error.isPresent() ? null : notice.orElse(null),
                username, next));
    }

    /** A page that says what was wrong with the request and leads back to the jobs. */
    public record MessagePage(Frame frame, String title, String text) {
    }

    static String notFound(OrgUser user, String csrf) {
        return message(user, csrf, "Not found", "There is no such page or job.");
    }

    static String message(OrgUser user, String csrf, String title, String text) {
        return render("message.jte", new MessagePage(Frame.of(user, csrf), title, text));
    }

    /** Whose data a page shows: the user's organization, or the one a system administrator picked, or every one. */
    private static String inSight(OrgUser user, List<Choice> organizations, Optional<Long> organization) {
        if (organizations.isEmpty()) {
            return user.organizationName();
        }
        return organization.map(o -> label(organizations, o)).orElse("every organization");
    }

    /** One row of the databases page: a database or contact list with its size and opt-outs. */
    public record ListRow(ContactList list, String organizationName, String parentName, long size, long optedOut) {
    }

    /** {@code organizations} is empty unless the viewer is a system administrator, who may pick one. */
    public record DatabasesPage(Frame frame, String inSight, List<ListRow> rows, List<Choice> organizations,
                                Optional<Long> organization, AdminCharts.LineChart chart) {
    }

    static String databases(OrgUser user, String csrf, List<ListRow> rows, List<Choice> organizations,
                            Optional<Long> organization, List<ContactDatabaseService.DayCount> perDay) {
        return render("databases.jte", new DatabasesPage(Frame.of(user, csrf), inSight(user, organizations, organization),
                rows, organizations, organization, AdminCharts.contactsOverTime(perDay)));
    }

    /** A choice of a filter's select: its value and what it shows. */
    public record Choice(long id, String label) {
    }

    /**
     * The jobs list's filter as the form shows it, with the choices it offers; {@code organizations}
     * is empty unless the viewer is a system administrator.
     */
    public record JobsForm(Optional<Long> organization, Optional<JobStatus> status, Optional<Long> database,
                    Optional<LocalDate> from, Optional<LocalDate> to, Optional<ZoneId> zone,
                    List<Choice> organizations, List<Choice> databases) {

        /** The filter as query parameters for the pager's links, each starting with {@code &}. */
        public String query() {
            StringBuilder q = new StringBuilder();
            organization.ifPresent(o -> q.append("&organization=").append(o));
            status.ifPresent(s -> q.append("&status=").append(s));
            database.ifPresent(d -> q.append("&database=").append(d));
            from.ifPresent(d -> q.append("&from=").append(d));
            to.ifPresent(d -> q.append("&to=").append(d));
            zone.ifPresent(z -> q.append("&tz=").append(URLEncoder.encode(z.getId(), StandardCharsets.UTF_8)));
            return q.toString();
        }

        public boolean narrowed() {
            return organization.isPresent() || status.isPresent() || database.isPresent() || from.isPresent()
                    || to.isPresent();
        }
    }

    /** A page of the jobs list. */
    public record JobsPage(Frame frame, String inSight, JobsForm form, List<ImportJob> jobs, int page, long pages,
                           long total) {
    }

    static String jobs(OrgUser user, String csrf, List<ImportJob> jobs, JobsForm form, int page, int pageSize,
                       long total) {
        long pages = Math.max(1, (total + pageSize - 1) / pageSize);
        return render("jobs.jte", new JobsPage(Frame.of(user, csrf), inSight(user, form.organizations(), form.organization()),
                form, jobs, page, pages, total));
    }

    /** The label of the choice with this id; the id itself when there is none. */
    public static String label(List<Choice> choices, long id) {
        return choices.stream().filter(c -> c.id() == id).map(Choice::label).findFirst().orElse(String.valueOf(id));
    }

    /** A job's page; {@code cancelNotice} is null unless the page follows a cancel. */
    public record JobPage(Frame frame, ImportJob job, List<ReasonCount> reasons, AdminCharts.LineChart rateChart,
                          String mapping, List<RowError> rows, long afterRow, boolean more, int pageSize,
                          String cancelNotice) {
    }

    static String job(OrgUser user, String csrf, ImportJob job, List<ReasonCount> reasons, List<ProgressSample> samples,
                      List<RowError> rows, long afterRow, boolean more, int pageSize, Optional<String> cancel) {
        return render("job.jte", new JobPage(Frame.of(user, csrf), job, reasons, AdminCharts.rowsPerSecond(job, samples),
                job.isExport() ? "" : prettyXml(job.mappingXml()), rows, afterRow, more, pageSize,
                cancel.map(AdminPages::cancelNotice).orElse(null)));
    }

    /** "Make a hot folder from this job": a finished ImportList job (not an export, nor a hot folder's own job). */
    public static boolean canBecomeAFlow(ImportJob job) {
        return job.status().isFinished() && !job.isExport() && job.flow() == null && job.mappingXml() != null;
    }

    /** The form asking a new flow's name; {@code error} is null until a name was refused. */
    public record HotFolderPage(Frame frame, ImportJob job, String name, String error) {
    }

    static String hotFolder(OrgUser user, String csrf, ImportJob job, String name, String error) {
        return render("hotfolder.jte", new HotFolderPage(Frame.of(user, csrf), job, name, error));
    }

    /** An organization's flow roots; {@code organizations} is empty unless the viewer is a system administrator. */
    public record FlowsPage(Frame frame, List<Choice> organizations, long organization, String organizationName,
                            List<FlowOverview.Root> roots, String created) {
    }

    static String flows(OrgUser user, String csrf, List<Choice> organizations, long organization, String organizationName,
                        List<FlowOverview.Root> roots, Optional<String> created) {
        return render("flows.jte", new FlowsPage(Frame.of(user, csrf), organizations, organization, organizationName, roots,
                created.orElse(null)));
    }

    /** Cancel's confirmation step. */
    public record CancelPage(Frame frame, ImportJob job) {
    }

    static String cancel(OrgUser user, String csrf, ImportJob job) {
        return render("cancel.jte", new CancelPage(Frame.of(user, csrf), job));
    }

    private static String cancelNotice(String outcome) {
        return switch (outcome) {
            case "canceled" -> "The job was canceled before it started.";
            case "will_stop" -> "The job stops after the batch it is writing; what it wrote stays. This page follows it until it ends.";
            default -> "The job had already ended.";
        };
    }

    /** A job's progress: percent of the source read, and rows done (of an estimate while running). */
    public record Progress(int percent, String text) {
    }

    public static Progress progressOf(ImportJob job) {
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
            // a comment before the root element (a mapping's leading note) gets a line of its own
            return out.toString().strip().replaceAll("-->(?=<)", "-->\n");
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
}
