package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.Server;
import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one database and one data directory, as behind a load balancer without sticky
 * sessions: an admin session opened on one is served by the other, a cancel asked on one stops a
 * job whichever runs it, and a sign-out on one ends the session on both.
 */
class AdminTwoServersIT {

    private static final int ROWS = 100_000;
    private final ImportSteps acme = ImportSteps.acme();

    @Test
    void aSessionSignedInOnOneServerIsServedAndEndedByTheOther() {
        try (Server second = TestServer.secondNode("admin-second")) {
            AdminHttp first = new AdminHttp(TestServer.shared().httpPort());
            AdminHttp other = new AdminHttp(second.httpPort());

            // given a sign-in on the first server
            String session = first.signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);

            // then the second serves its pages
            HttpResponse<String> jobs = other.get("/admin/jobs", session);
            assertEquals(200, jobs.statusCode(), jobs.body());

            // when it signs out on the second, then the first sends it to the sign-in page
            assertEquals(303, other.post("/admin/logout", session, "csrf", AdminHttp.csrf(jobs.body())).statusCode());
            HttpResponse<String> after = first.get("/admin/jobs", session);
            assertEquals(302, after.statusCode());
            assertTrue(after.headers().firstValue("Location").orElse("").contains("/admin/login"));
        }
    }

    @Test
    void aCancelAskedOnOneServerEndsAJobRunningOnEitherCanceled() throws Exception {
        try (Server second = TestServer.secondNode("cancel-second")) {
            // given a large import running on one of the two servers
            StringBuilder big = new StringBuilder("Email,Name\n");
            for (int i = 0; i < ROWS; i++) {
                big.append("two").append(i).append("@example.org,Name ").append(i).append('\n');
            }
            String source = acme.upload(ImportSteps.unique("two") + ".csv", big.toString().getBytes(StandardCharsets.UTF_8));
            String map = acme.upload(ImportSteps.unique("map") + ".xml", MappingXml.create(ImportSteps.unique("Two"))
                    .key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name").xml().getBytes(StandardCharsets.UTF_8));
            long job = acme.importList(map, source);
            awaitRunning(job);

            // when the second server's admin page cancels it
            AdminHttp other = new AdminHttp(second.httpPort());
            String session = other.signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
            String csrf = AdminHttp.csrf(other.get("/admin/jobs", session).body());
            HttpResponse<String> cancel = other.post("/admin/jobs/" + job + "/cancel", session, "csrf", csrf);

            // then it ends CANCELED, keeping exactly what it wrote
            assertEquals("/admin/jobs/" + job + "?cancel=will_stop", cancel.headers().firstValue("Location").orElse(""));
            Job stopped = acme.awaitJob(job);
            assertEquals("CANCELED", stopped.status(), stopped.description());
            assertTrue(stopped.count("TOTAL_ROWS") < ROWS, "stopped before the end: " + stopped.count("TOTAL_ROWS"));
            assertEquals(stopped.count("SQL_ADDED"), acme.contacts(stopped.listId()).size());
        }
    }

    private void awaitRunning(long job) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Job now = acme.status(job);
            if (now.status().equals("RUNNING") && now.count("TOTAL_ROWS") > 0) {
                return;
            }
            assertNotEquals("COMPLETE", now.status(), "the import ended before it could be canceled");
            Thread.sleep(10);
        }
        throw new AssertionError("job " + job + " never ran");
    }
}
