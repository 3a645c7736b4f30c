package io.listgate.notify;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.listgate.ftp.Eventually;
import io.listgate.notify.NotifyTestServer.Received;
import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.TestUsers;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Webhooks to a real HTTP receiver on 127.0.0.1; see {@link NotifyTestServer} for who has which. */
class WebhookDeliveryIT {

    private final ImportSteps acme = ImportSteps.on(NotifyTestServer.server(), TestUsers.ACME_USER,
            TestUsers.ACME_PASSWORD, TestUsers.ACME);
    private final ImportSteps globex = ImportSteps.on(NotifyTestServer.server(), TestUsers.GLOBEX_USER,
            TestUsers.GLOBEX_PASSWORD, TestUsers.GLOBEX);

    private static List<Received> at(String path, long jobId) {
        return NotifyTestServer.RECEIVED.stream().filter(r -> r.path().equals(path) && r.jobId() == jobId).toList();
    }

    private static Received awaitDelivered(String path, long jobId) {
        Eventually.await("job " + jobId + " delivered to " + path, Duration.ofSeconds(30),
                () -> at(path, jobId).stream().anyMatch(r -> r.answered() / 100 == 2));
        return at(path, jobId).stream().filter(r -> r.answered() / 100 == 2).findFirst().orElseThrow();
    }

    private ImportSteps.Job runSmallImport(ImportSteps client) {
        MappingXml mapping = MappingXml.create(unique("Hooked")).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name");
        return client.run(mapping, "Email,Name\nann@example.org,Ann\nnot-an-email,Bad\n");
    }

    @Test
    void aJobEndIsPostedAsJsonSignedWithTheOrganizationsSecret() {
        // when
        ImportSteps.Job job = runSmallImport(acme);

        // then
        Received post = awaitDelivered("/acme", job.id());
        assertTrue(WebhookSignature.verify(NotifyTestServer.ACME_SECRET, post.body(), post.header("X-ListGate-Signature")),
                "signature " + post.header("X-ListGate-Signature"));
        assertFalse(WebhookSignature.verify(NotifyTestServer.GLOBEX_SECRET, post.body(), post.header("X-ListGate-Signature")));
        assertTrue(post.header("Content-Type").startsWith("application/json"));
        JsonNode json = post.json();
        assertEquals("import_job.ended", json.get("event").asText());
        assertEquals("acme", json.get("organization").asText());
        assertEquals("COMPLETE", json.get("status").asText());
        assertEquals(job.listId(), json.get("list_id").asLong());
        assertEquals(2, json.get("counts").get("total_rows").asLong());
        assertEquals(1, json.get("counts").get("sql_added").asLong());
        assertEquals(1, json.get("counts").get("bad_addresses").asLong());
        assertEquals(job.id() + ".err", json.get("files").get("error_file").asText());
        assertTrue(json.get("ended_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*"), json.toString());
        assertTrue(json.get("job_page").asText().endsWith("/admin/jobs/" + job.id()), json.toString());
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheSamePostOnTheThirdTry() {
        // when
        ImportSteps.Job job = runSmallImport(acme);

        // then
        Received success = awaitDelivered("/acme-flaky", job.id());
        List<Received> tries = at("/acme-flaky", job.id());
        assertEquals(List.of(503, 503, 200), tries.stream().map(Received::answered).toList());
        assertEquals(1, tries.stream().map(r -> r.header("X-ListGate-Delivery")).distinct().count(),
                "one delivery id over the retries");
        assertTrue(tries.stream().allMatch(r -> Arrays.equals(r.body(), success.body())));
    }

    @Test
    void anOrganizationsWebhookNeverHearsOfAnotherOrganizationsJobs() {
        // given
        ImportSteps.Job acmeJob = runSmallImport(acme);
        ImportSteps.Job globexJob = runSmallImport(globex);

        // when both have been delivered
        Received globexPost = awaitDelivered("/globex", globexJob.id());
        awaitDelivered("/acme", acmeJob.id());
        awaitDelivered("/acme-flaky", acmeJob.id());

        // then
        assertEquals("globex", globexPost.json().get("organization").asText());
        assertTrue(WebhookSignature.verify(NotifyTestServer.GLOBEX_SECRET, globexPost.body(), globexPost.header("X-ListGate-Signature")));
        assertTrue(at("/acme", globexJob.id()).isEmpty() && at("/acme-flaky", globexJob.id()).isEmpty(),
                "acme's webhooks got globex's job");
        assertTrue(at("/globex", acmeJob.id()).isEmpty(), "globex's webhook got acme's job");
        assertTrue(NotifyTestServer.RECEIVED.stream().filter(r -> r.path().equals("/globex"))
                .allMatch(r -> r.json().get("organization").asText().equals("globex")));
    }
}
