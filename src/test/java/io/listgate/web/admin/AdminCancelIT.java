package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.*;

import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The job page's cancel button: a waiting job ends at once, a running one at its next batch, keeping what it wrote. */
class AdminCancelIT {

    private static final int ROWS = 200_000;
    private final ImportSteps acme = ImportSteps.acme();
    private final AdminHttp http = new AdminHttp(TestServer.shared().httpPort());

    @Test
    void cancelingAWaitingJobEndsItAtOnceAndARunningJobAtItsNextBatch() throws Exception {
        // given a large import running and a second one waiting behind it on the same database
        String name = ImportSteps.unique("Cancel");
        long listId = acme.createDatabase(MappingXml.create(name).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name"),
                "Email,Name\nfirst@example.org,First\n");
        StringBuilder big = new StringBuilder("Email,Name\n");
        for (int i = 0; i < ROWS; i++) {
            big.append("cancel").append(i).append("@example.org,Name ").append(i).append('\n');
        }
        String source = acme.upload(ImportSteps.unique("big") + ".csv", big.toString().getBytes(StandardCharsets.UTF_8));
        String map = acme.upload(ImportSteps.unique("map") + ".xml",
                MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "Name").xml().getBytes(StandardCharsets.UTF_8));
        long running = acme.importList(map, source);
        long waiting = acme.importList(map, source);
        acme.awaitRunning(running);
        String session = http.signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);

        // when
        HttpResponse<String> cancelWaiting = cancel(session, waiting);
        HttpResponse<String> cancelRunning = cancel(session, running);

        // then
        assertEquals(303, cancelWaiting.statusCode());
        assertEquals("/admin/jobs/" + waiting + "?cancel=canceled", cancelWaiting.headers().firstValue("Location").orElse(""));
        Job waited = acme.status(waiting);
        assertEquals("CANCELED", waited.status());
        assertEquals(0, waited.count("TOTAL_ROWS"));
        assertEquals("/admin/jobs/" + running + "?cancel=will_stop", cancelRunning.headers().firstValue("Location").orElse(""));
        Job stopped = acme.awaitJob(running);
        assertEquals("CANCELED", stopped.status());
        assertTrue(stopped.count("TOTAL_ROWS") < ROWS, "stopped before the end: " + stopped.count("TOTAL_ROWS"));
        long applied = stopped.count("SQL_ADDED") + stopped.count("SQL_UPDATED");
        assertTrue(stopped.description().contains(applied + " rows applied"), stopped.description());
        assertEquals(1 + applied, acme.contacts(listId).size(), "what the job wrote before the cancel stays");
        assertTrue(http.get("/admin/jobs/" + running, session).body().contains(applied + " rows applied"));
        assertFalse(http.get("/admin/jobs/" + running, session).body().contains("id=\"cancel\""),
                "an ended job has no cancel button");
    }

    @Test
    void cancelWithoutTheFormsTokenIsRefused() {
        String session = http.signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);

        assertEquals(403, http.post("/admin/jobs/1/cancel", session).statusCode());
    }

    @Test
    void anotherOrganizationsJobCannotBeCanceled() {
        long job = acme.importList(acme.upload(ImportSteps.unique("m") + ".xml", MappingXml.create(ImportSteps.unique("Mine"))
                .key("EMAIL", 9).map("EMAIL").xml().getBytes(StandardCharsets.UTF_8)),
                acme.upload(ImportSteps.unique("s") + ".csv", "Email\na@example.org\n".getBytes(StandardCharsets.UTF_8)));
        String globex = http.signIn(TestUsers.GLOBEX_USER, TestUsers.GLOBEX_PASSWORD);

        assertEquals(404, cancel(globex, job).statusCode());
    }

    private HttpResponse<String> cancel(String session, long job) {
        String csrf = AdminHttp.csrf(http.get("/admin/jobs", session).body());
        return http.post("/admin/jobs/" + job + "/cancel", session, "csrf", csrf);
    }
}
