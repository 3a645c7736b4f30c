package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs list's filters (database, submitted dates in the viewer's zone, organization) and the
 * system administrator, who watches every organization, over plain HTTP.
 */
class AdminFiltersIT {

    private static final AdminHttp HTTP = new AdminHttp(TestServer.shared().httpPort());
    private static ImportSteps.Job acmeFirst;
    private static ImportSteps.Job acmeSecond;
    private static ImportSteps.Job globexJob;
    private static String acmeSession;
    private static String rootSession;

    @BeforeAll
    static void jobsInTwoDatabasesOfAcmeAndOneOfGlobex() {
        String csv = "Email,Name\nfilter@example.org,Filter\nnot-an-email,Bad\n";
        acmeFirst = ImportSteps.acme().run(database("Filter A"), csv);
        acmeSecond = ImportSteps.acme().run(database("Filter B"), csv);
        globexJob = ImportSteps.globex().run(database("Filter G"), csv);
        acmeSession = HTTP.signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        rootSession = HTTP.signIn(TestUsers.ROOT_USER, TestUsers.ROOT_PASSWORD);
    }

    private static MappingXml database(String name) {
        return MappingXml.create(ImportSteps.unique(name)).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name");
    }

    private static String jobs(String session, String query) {
        HttpResponse<String> reply = HTTP.get("/admin/jobs" + query, session);
        assertEquals(200, reply.statusCode(), reply.body());
        return reply.body();
    }

    private static boolean lists(String page, ImportSteps.Job job) {
        return page.contains("<tr id=\"job-" + job.id() + "\">");
    }

    private static long organizationId(String name) {
        return Long.parseLong(ImportSteps.acme().query("SELECT id FROM organization WHERE name = ?", name).get(0)[0]);
    }

    @Test
    void theDatabaseFilterListsThatDatabasesJobsAndOffersOnlyTheOrganizationsDatabases() {
        String page = jobs(acmeSession, "?database=" + acmeFirst.listId());

        assertTrue(lists(page, acmeFirst), page);
        assertFalse(lists(page, acmeSecond), "a job of another database");
        assertTrue(page.contains("<option value=\"" + acmeFirst.listId() + "\" selected>"), "the choice stays selected");
        assertTrue(page.contains("<option value=\"" + acmeSecond.listId() + "\">"), page);
        assertFalse(page.contains("<option value=\"" + globexJob.listId() + "\">"), "globex's database is offered to acme");
    }

    @Test
    void submittedDatesAreDaysOfTheViewersTimeZone() {
        // UTC+14 and UTC-11 are never on the same day
        String east = "Pacific/Kiritimati";
        String west = "Pacific/Pago_Pago";
        LocalDate eastToday = LocalDate.now(ZoneId.of(east));

        String today = jobs(acmeSession, "?from=" + eastToday + "&to=" + eastToday + "&tz=" + east);
        String before = jobs(acmeSession, "?to=" + eastToday.minusDays(1) + "&tz=" + east);
        String after = jobs(acmeSession, "?from=" + eastToday.plusDays(1) + "&tz=" + east);
        String sameDateElsewhere = jobs(acmeSession, "?from=" + eastToday + "&to=" + eastToday + "&tz=" + west);

        assertTrue(lists(today, acmeFirst) && lists(today, acmeSecond), today);
        assertFalse(lists(before, acmeFirst), "submitted today, not up to yesterday");
        assertTrue(after.contains("id=\"no-jobs\""), after);
        assertFalse(lists(sameDateElsewhere, acmeFirst), "that date has not begun (or is over) in the other zone");
        assertTrue(today.contains("value=\"" + eastToday + "\""), "the form keeps the dates");
    }

    @Test
    void aFilterValueTheFormNeverSendsIsABadRequestThatSaysWhatIsWrong() {
        HttpResponse<String> date = HTTP.get("/admin/jobs?from=yesterday", acmeSession);
        HttpResponse<String> zone = HTTP.get("/admin/jobs?tz=Mars%2FOlympus", acmeSession);
        HttpResponse<String> database = HTTP.get("/admin/jobs?database=-1", acmeSession);
        HttpResponse<String> status = HTTP.get("/admin/jobs?status=DONE", acmeSession);

        assertEquals(400, date.statusCode());
        assertTrue(date.body().contains("'yesterday' is not a date like 2026-01-31."), date.body());
        assertEquals(400, zone.statusCode());
        assertTrue(zone.body().contains("There is no time zone 'Mars/Olympus'."), zone.body());
        assertEquals(400, database.statusCode());
        assertEquals(400, status.statusCode());
        assertTrue(status.body().contains("There is no job status 'DONE'."), status.body());
    }

    @Test
    void anOrganizationUserCannotWidenItsSightWithTheOrganizationParameter() {
        String page = jobs(acmeSession, "?organization=" + organizationId(TestUsers.GLOBEX));

        assertFalse(lists(page, globexJob), "globex's job shown to acme");
        assertTrue(lists(page, acmeFirst), "the parameter is ignored for an organization user");
        assertFalse(page.contains("id=\"organization\""), "no organization filter offered");
        assertEquals(404, HTTP.get("/admin/jobs/" + globexJob.id(), acmeSession).statusCode());
    }

    @Test
    void aSystemAdministratorSeesEveryOrganizationsJobsAndNarrowsThemToOne() {
        long globex = organizationId(TestUsers.GLOBEX);

        String all = jobs(rootSession, "");
        String onlyGlobex = jobs(rootSession, "?organization=" + globex);

        assertTrue(all.contains("Import jobs of every organization"), all);
        assertTrue(lists(all, acmeFirst) && lists(all, globexJob), all);
        assertTrue(all.contains("<td class=\"organization\">globex</td>"), "each job says whose it is");
        assertTrue(all.contains("system administrator"), "the header says who is signed in");
        assertTrue(lists(onlyGlobex, globexJob), onlyGlobex);
        assertFalse(lists(onlyGlobex, acmeFirst), "an acme job under the globex filter");
        assertTrue(onlyGlobex.contains("<option value=\"" + globex + "\" selected>globex</option>"), onlyGlobex);
    }

    @Test
    void aSystemAdministratorOpensAnyOrganizationsJobAndErrorFileAndDatabases() {
        HttpResponse<String> page = HTTP.get("/admin/jobs/" + globexJob.id(), rootSession);
        HttpResponse<String> errors = HTTP.get("/admin/jobs/" + globexJob.id() + "/error-file", rootSession);
        String databases = HTTP.get("/admin/databases", rootSession).body();
        String acmeDatabases = HTTP.get("/admin/databases?organization=" + organizationId(TestUsers.ACME), rootSession).body();

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("not-an-email"), "the rejected row is shown");
        assertEquals(200, errors.statusCode());
        assertTrue(errors.body().contains("not-an-email"), errors.body());
        assertTrue(databases.contains("<tr id=\"list-" + globexJob.listId() + "\">")
                && databases.contains("<tr id=\"list-" + acmeFirst.listId() + "\">"), databases);
        assertTrue(acmeDatabases.contains("<tr id=\"list-" + acmeFirst.listId() + "\">"), acmeDatabases);
        assertFalse(acmeDatabases.contains("<tr id=\"list-" + globexJob.listId() + "\">"), "globex under the acme filter");
    }

    @Test
    void aSystemAdministratorsApiCallsStayInItsOwnOrganization() {
        XmlApiClient api = new XmlApiClient(TestServer.shared().httpPort());
        String session = api.loginSession(TestUsers.ROOT_USER, TestUsers.ROOT_PASSWORD);

        XmlApiClient.Reply reply = api.form("<Envelope><Body><GetJobStatus><JOB_ID>" + globexJob.id()
                + "</JOB_ID></GetJobStatus></Body></Envelope>", session);

        assertEquals("FALSE", reply.success().toUpperCase(), reply.body());
        assertEquals("135", reply.errorId(), reply.body());
    }
}
