package io.listgate.importjob;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFilesTest {

    @Test
    void theResultsFileGivesSubmittedStartedAndEndedInIsoWithTheOffset(@TempDir Path download) throws Exception {
        // given
        LocalDateTime t = LocalDateTime.of(2026, 12, 2, 1, 21, 36, 836_000_000);
        ImportJob job = new ImportJob(42, 1, 1, 7, "Customers", "ADD_ONLY", JobStatus.RUNNING, "", "map.xml", "customers.csv",
                null, null, "UTF-8", null, "<LIST_IMPORT/>", 100, 100, 1, Counters.of(Map.of(Counter.TOTAL_ROWS, 1L)), null, null, 1,
                t, t.plusSeconds(1), null, null);
        String offset = t.atZone(ZoneId.systemDefault()).getOffset().toString();

        // when
        ResultFiles.writeResults(download, job, JobStatus.COMPLETE, "done", t.plusSeconds(3));

        // then
        String res = Files.readString(download.resolve("42.res"));
        assertTrue(res.contains("Submitted: 2026-12-02T01:21:36.836" + offset + "\n"), res);
        assertTrue(res.contains("Started: 2026-12-02T01:21:37.836" + offset + "\n"), res);
        assertTrue(res.contains("Ended: 2026-12-02T01:21:39.836" + offset + "\n"), res);
    }
}
