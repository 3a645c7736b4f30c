package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.ftp.Eventually;
import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Flows page and "Make a hot folder from this job" against the shared test server: a finished
 * ImportList job becomes a flow whose dropped file imports itself and shows on the page with its job.
 */
class AdminFlowsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final ImportSteps acme = ImportSteps.acme();
    private final AdminHttp http = new AdminHttp(TestServer.shared().httpPort());
    private final Path root = acme.server().folders().root(TestUsers.ACME);

    @Test
    void aFinishedImportBecomesAHotFolderWhoseFilesShowOnTheFlowsPageWithTheirJobs() throws IOException {
        // given a finished ImportList job
        String database = ImportSteps.unique("From Job");
        MappingXml mapping = MappingXml.create(database).key("EMAIL", 9).column("Name", 0)
                .map("EMAIL", "Name");
        ImportSteps.Job job = acme.run(mapping, "Email,Name\nfirst@example.org,First\n");
        String session = http.signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        assertTrue(http.get("/admin/jobs/" + job.id(), session).body().contains("id=\"make-hot-folder\""));
        String csrf = AdminHttp.csrf(http.get("/admin/jobs/" + job.id() + "/hot-folder", session).body());

        // when a name FlowLayout refuses is given
        HttpResponse<String> bad = http.post("/admin/jobs/" + job.id() + "/hot-folder", session, "csrf", csrf, "name",
                "../escape");
        // then the form says why, and nothing is made
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("id=\"hot-folder-error\"") && bad.body().contains("A flow name is"), bad.body());
        assertFalse(Files.exists(root.resolve("escape")));

        // when a good name is given
        String name = ImportSteps.unique("fromjob");
        HttpResponse<String> made = http.post("/admin/jobs/" + job.id() + "/hot-folder", session, "csrf", csrf, "name", name);

        // then the flow exists with the job's mapping, and the Flows page shows it
        assertEquals(303, made.statusCode(), made.body());
        assertTrue(made.headers().firstValue("Location").orElse("").contains("created=" + name));
        Path flow = root.resolve("flows").resolve(name);
        String stored = Files.readString(flow.resolve("import/map.xml"));
        assertTrue(stored.contains("<LIST_NAME>" + database + "</LIST_NAME>"), stored);

        // when the same name is asked again
        HttpResponse<String> again = http.post("/admin/jobs/" + job.id() + "/hot-folder", session, "csrf", csrf, "name", name);
        // then it is refused clearly and the flow's mapping is untouched
        assertEquals(400, again.statusCode());
        assertTrue(again.body().contains("There is already a flow " + name), again.body());
        assertEquals(stored, Files.readString(flow.resolve("import/map.xml")));

        // when a file with its marker is dropped, and another without one in a markers-only flow
        Eventually.await("the server to lay out the flow", DEADLINE, () -> Files.isDirectory(flow.resolve("import/in")));
        Files.writeString(flow.resolve("import/in/customers.csv"), "Email,Name\nnew@example.org,New\n");
        Files.writeString(flow.resolve("import/in/customers.csv.done"), "");
        Path ok = flow.resolve("import/ok");
        Eventually.await("customers.csv in ok/", DEADLINE, () -> filed(ok).isPresent());
        Files.writeString(flow.resolve(".markers"), "");
        Files.writeString(flow.resolve("import/in/later.csv"), "Email,Name\nlater@example.org,Later\n");

        // then the Flows page shows the flow's mode, database, the waiting file and the filed one linked to its job
        String page = http.get("/admin/flows", session).body();
        assertTrue(page.contains("flows/" + name + "/"), page);
        String section = page.substring(page.indexOf("id=\"flow-flows-" + name + "\""));
        section = section.substring(0, section.indexOf("</section>"));
        assertTrue(section.contains(".createNewList"), section);
        assertTrue(section.contains(database), section);
        assertTrue(section.contains("import/in/later.csv: <span class=\"state\">waiting for marker</span>"), section);
        String filedName = filed(ok).orElseThrow();
        assertTrue(section.contains(filedName), section);
        long flowJob = Long.parseLong(section.replaceAll("(?s).*<a href=\"/admin/jobs/([0-9]+)\">\\1</a>.*", "$1"));
        assertTrue(flowJob > job.id(), "the filed file links to its own job: " + flowJob);
        assertEquals("COMPLETE", acme.status(flowJob).status());

        // and another organization neither sees the flow nor makes one from acme's job
        String globex = http.signIn(TestUsers.GLOBEX_USER, TestUsers.GLOBEX_PASSWORD);
        assertFalse(http.get("/admin/flows", globex).body().contains(name));
        String globexCsrf = AdminHttp.csrf(http.get("/admin/jobs", globex).body());
        assertEquals(404, http.post("/admin/jobs/" + job.id() + "/hot-folder", globex, "csrf", globexCsrf, "name",
                ImportSteps.unique("stolen")).statusCode());
    }

    private static Optional<String> filed(Path ok) {
        try (Stream<Path> files = Files.list(ok)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+_customers\\.csv")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
