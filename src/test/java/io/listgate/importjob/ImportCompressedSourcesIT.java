package io.listgate.importjob;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.Server;
import io.listgate.config.ListGateConfig;
import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ImportList with a SOURCE_FILE that is a gzip file or a zip of one file: the same job as the plain
 * file's, with SOURCE_BYTES and BYTES_READ in bytes of the compressed file, and the job ending in
 * ERROR with a sentence saying why when the archive holds nothing to import.
 */
class ImportCompressedSourcesIT {

    private final ImportSteps acme = ImportSteps.acme();

    private static final int ROWS = 5_000;

    /** Enough rows for three batches, with bad addresses and duplicates among them. */
    private static byte[] subscribers() {
        StringBuilder text = new StringBuilder("Email,N\n");
        for (int i = 0; i < ROWS; i++) {
            String email = i % 100 == 7 ? "not-an-email-" + i : "user" + (i % 250 == 0 ? i - 1 : i) + "@example.org";
            text.append(email).append(',').append(i).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static MappingXml mapping() {
        return MappingXml.create(unique("Compressed")).key("EMAIL", 9).column("N", 2).map("EMAIL", "N");
    }

    private Job run(String name, byte[] file) {
        String map = acme.upload(unique("map") + ".xml", mapping().xml());
        String data = acme.upload(unique("data") + "-" + name, file);
        return acme.awaitJob(acme.importList(map, data));
    }

    private static Map<String, String> counts(Job job) {
        Map<String, String> counts = new LinkedHashMap<>();
        ImportSteps.COUNTS.forEach(name -> counts.put(name, job.parameters().get(name)));
        counts.put("OPTED_OUT", job.parameters().get("OPTED_OUT"));
        counts.put("SKIPPED", job.parameters().get("SKIPPED"));
        return counts;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"subscribers.csv.gz", "subscribers.zip"})
    void aCompressedSourceImportsLikeThePlainFileWithItsOwnBytesAsSourceBytes(String name) throws IOException {
        // given
        byte[] rows = subscribers();
        byte[] compressed = name.endsWith(".gz") ? gzip(rows) : zip("export/", "export/subscribers.csv", rows);

        // when
        Job plain = run("subscribers.csv", rows);
        Job job = run(name, compressed);

        // then
        plain.assertComplete("TOTAL_ROWS", ROWS, "TOTAL_VALID", 4_950, "SQL_ADDED", 4_931, "DUPLICATES", 19,
                "BAD_ADDRESSES", 50);
        job.assertComplete("TOTAL_ROWS", ROWS, "TOTAL_VALID", 4_950, "SQL_ADDED", 4_931, "DUPLICATES", 19,
                "BAD_ADDRESSES", 50);
        assertEquals(counts(plain), counts(job));
        assertEquals(acme.column(plain.listId(), "EMAIL"), acme.column(job.listId(), "EMAIL"));
        assertEquals(String.valueOf(rows.length), plain.parameters().get("SOURCE_BYTES"));
        assertEquals(String.valueOf(compressed.length), job.parameters().get("SOURCE_BYTES"));
        assertEquals(String.valueOf(compressed.length), job.parameters().get("BYTES_READ"));
    }

    @Test
    void aZipHoldingOnlyFoldersEndsTheJobInErrorSayingSo() throws IOException {
        // when
        Job job = run("folders.zip", zip("export/", "export/empty/", null));

        // then
        assertEquals("ERROR", job.status(), job.toString());
        assertEquals("the zip file holds no file, only folders", job.description());
    }

    @Test
    void anEncryptedZipEntryEndsTheJobInErrorNamingTheEntry() throws IOException {
        // given general purpose bit 0 (encrypted, APPNOTE 4.4.4) set in the entry's local header
        byte[] zip = zip(null, "subscribers.csv", subscribers());
        zip[6] |= 1;

        // when
        Job job = run("secret.zip", zip);

        // then
        assertEquals("ERROR", job.status(), job.toString());
        assertEquals("the zip entry subscribers.csv is encrypted", job.description());
    }

    @Test
    void aGzipCutOffMidwayEndsTheJobInErrorSayingItIsNotValidGzip() throws IOException {
        // given
        byte[] whole = gzip(subscribers());

        // when
        Job job = run("cut.csv.gz", Arrays.copyOf(whole, whole.length / 2));

        // then
        assertEquals("ERROR", job.status(), job.toString());
        assertEquals("the source file is not valid gzip: it is cut off before its end", job.description());
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    /** A zip with an optional folder entry first, then {@code name}: a file, or a folder when content is null. */
    private static byte[] zip(String folder, String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            if (folder != null) {
                zip.putNextEntry(new ZipEntry(folder));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(name));
            if (content != null) {
                zip.write(content);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void aSourceExpandingBeyondTheConfiguredLimitEndsTheJobInErrorNamingTheLimit() throws IOException {
        // given a server that lets sources expand to 1 MB, and a small gzip of 5 MB of rows
        ListGateConfig config = TestServer.config(TestServer.newHome("bomb")).withImportMaxExpandedBytes(1_000_000);
        try (Server server = Server.create(config).start()) {
            ImportSteps steps = ImportSteps.on(server, TestUsers.ACME_USER, TestUsers.ACME_PASSWORD, TestUsers.ACME);
            StringBuilder rows = new StringBuilder("Email,N\n");
            for (int i = 0; i < 150_000; i++) {
                rows.append("bomb").append(i).append("@example.org,").append(i).append('\n');
            }
            ByteArrayOutputStream gzip = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(gzip)) {
                out.write(rows.toString().getBytes(StandardCharsets.UTF_8));
            }

            // when
            String map = steps.upload(unique("map") + ".xml", mapping().xml());
            String data = steps.upload(unique("bomb") + ".csv.gz", gzip.toByteArray());
            Job job = steps.awaitJob(steps.importList(map, data));

            // then
            assertEquals("ERROR", job.status(), job.toString());
            assertTrue(job.description().contains("expands to more than 1000000 bytes"), job.description());
        }
    }
}
