package io.listgate.exportjob;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import io.listgate.support.XmlApiClient.Reply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** DeleteJob (xmlapi-more.md section 11): cancels waiting and running jobs, forgets finished ones; 135 otherwise. */
class DeleteJobIT {

    private static final int ROWS = 100_000;
    private final ImportSteps acme = ImportSteps.acme();
    private final ImportSteps globex = ImportSteps.globex();

    @Test
    void aFinishedJobIsForgottenAndThenLooksLikeAJobThatNeverWas() {
        // given
        long listId = acme.createDatabase(MappingXml.create(unique("Forget")).key("EMAIL", 9).map("EMAIL"), "Email\na@example.org\n");
        Reply export = acme.call("<ExportList><LIST_ID>" + listId + "</LIST_ID></ExportList>");
        long jobId = Long.parseLong(export.xpath("/Envelope/Body/RESULT/JOB_ID"));
        assertEquals("COMPLETE", acme.awaitJob(jobId).status());

        // when
        Reply deleted = delete(acme, String.valueOf(jobId));

        // then
        assertEquals("TRUE", deleted.success(), deleted.body());
        assertJobIdNotValid(acme.statusReply(jobId));
        assertJobIdNotValid(delete(acme, String.valueOf(jobId)));
        String file = export.xpath("/Envelope/Body/RESULT/FILE_PATH").substring("/download/".length());
        assertTrue(acme.download(file).startsWith("Email,"), "the job's file stays");
    }

    @Test
    void unknownNonNumericAndOtherOrganizationsJobsAreFault135AndStayUntouched() {
        // given
        long listId = acme.createDatabase(MappingXml.create(unique("Mine")).key("EMAIL", 9).map("EMAIL"), "Email\na@example.org\n");
        Job ours = acme.run(MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL"), "Email\nb@example.org\n");

        // when / then
        assertJobIdNotValid(delete(acme, "987654322"));
        assertJobIdNotValid(delete(acme, "abc"));
        assertJobIdNotValid(acme.call("<GetJobStatus><JOB_ID>abc</JOB_ID></GetJobStatus>"));
        assertJobIdNotValid(delete(globex, String.valueOf(ours.id())));
        assertJobIdNotValid(globex.statusReply(ours.id()));
        assertEquals("COMPLETE", acme.status(ours.id()).status(), "another organization's DeleteJob left it alone");
    }

    @Test
    void aWaitingExportIsCanceledAtOnceAndARunningImportAtItsNextBatch() {
        // given a large import running and an export waiting behind it on the same database
        long listId = acme.createDatabase(MappingXml.create(unique("Busy")).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name"),
                "Email,Name\nfirst@example.org,First\n");
        StringBuilder big = new StringBuilder("Email,Name\n");
        for (int i = 0; i < ROWS; i++) {
            big.append("delete").append(i).append("@example.org,Name ").append(i).append('\n');
        }
        String source = acme.upload(unique("big") + ".csv", big.toString().getBytes(StandardCharsets.UTF_8));
        String map = acme.upload(unique("map") + ".xml", MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "Name").xml());
        long running = acme.importList(map, source);
        Reply export = acme.call("<ExportList><LIST_ID>" + listId + "</LIST_ID></ExportList>");
        long waiting = Long.parseLong(export.xpath("/Envelope/Body/RESULT/JOB_ID"));
        acme.awaitRunning(running);

        // when
        Reply deleteWaiting = delete(acme, String.valueOf(waiting));
        Reply deleteRunning = delete(acme, String.valueOf(running));

        // then
        assertEquals("TRUE", deleteWaiting.success(), deleteWaiting.body());
        assertEquals("TRUE", deleteRunning.success(), deleteRunning.body());
        Job waited = acme.status(waiting);
        assertEquals("CANCELED", waited.status());
        Job stopped = acme.awaitJob(running);
        assertEquals("CANCELED", stopped.status());
        assertTrue(stopped.count("TOTAL_ROWS") < ROWS, "stopped before the end: " + stopped.count("TOTAL_ROWS"));
        String file = export.xpath("/Envelope/Body/RESULT/FILE_PATH").substring("/download/".length());
        assertEquals(null, acme.download(file), "a canceled export writes no file");
        assertEquals("TRUE", delete(acme, String.valueOf(running)).success(), "a canceled job is finished: forgotten");
        assertJobIdNotValid(acme.statusReply(running));
    }

    private static Reply delete(ImportSteps client, String jobId) {
        return client.call("<DeleteJob><JOB_ID>" + jobId + "</JOB_ID></DeleteJob>");
    }

    private static void assertJobIdNotValid(Reply reply) {
        assertEquals("false", reply.success(), reply.body());
        assertEquals("135", reply.errorId(), reply.body());
        assertEquals("Job ID is not valid.", reply.faultString(), reply.body());
        assertEquals("SP.API", reply.errorClass(), reply.body());
    }
}
