package io.listgate.importjob;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.management.ThreadMXBean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;
    private static final String ROWS = "Email,Name\nrenee@example.org,Renée\nplain@example.org,Plain\n";

    @TempDir
    Path dir;

    // ---- what each kind of file reads as

    @Test
    void aPlainFileReadsAsItIsAndCountsItsOwnBytes() throws IOException {
        // given
        Source source = Source.of(write("subscribers.csv", utf8(ROWS)), NO_LIMIT);

        // when
        try (Source.Opened opened = source.open()) {
            String text = new String(opened.data().readAllBytes(), StandardCharsets.UTF_8);

            // then
            assertEquals(ROWS, text);
            assertEquals(Source.Format.PLAIN, source.format());
            assertEquals(utf8(ROWS).length, source.size());
            assertEquals(source.size(), opened.bytesRead());
        }
    }

    @Test
    void aGzipFileReadsAsItsDecompressedRows() throws IOException {
        // given
        Path file = write("subscribers.csv.gz", gzip(utf8(ROWS)));

        // when
        Source source = Source.of(file, NO_LIMIT);

        // then
        assertEquals(Source.Format.GZIP, source.format());
        assertEquals(Files.size(file), source.size(), "the size is the compressed file's");
        assertEquals(ROWS, readAll(source));
    }

    @Test
    void aZipHoldingOneFileReadsAsThatFile() throws IOException {
        // given
        Path file = write("subscribers.zip", zip(entry("subscribers.csv", utf8(ROWS))));

        // when
        Source source = Source.of(file, NO_LIMIT);

        // then
        assertEquals(Source.Format.ZIP, source.format());
        assertEquals(ROWS, readAll(source));
    }

    @Test
    void aZipWithAFolderFirstReadsTheFirstFileAfterItAndIgnoresTheRest() throws IOException {
        // given
        Path file = write("export.zip", zip(entry("export/", null), entry("export/subscribers.csv", utf8(ROWS)),
                entry("export/readme.txt", utf8("not rows"))));

        // when
        String text = readAll(Source.of(file, NO_LIMIT));

        // then
        assertEquals(ROWS, text);
    }

    @Test
    void theContentDecidesBeforeTheName() throws IOException {
        // given a gzip and a zip named like plain files, and a plain file named like neither
        Source gzipNamedCsv = Source.of(write("gzip.csv", gzip(utf8(ROWS))), NO_LIMIT);
        Source zipNamedTxt = Source.of(write("zip.txt", zip(entry("a.csv", utf8(ROWS)))), NO_LIMIT);

        // then
        assertEquals(ROWS, readAll(gzipNamedCsv));
        assertEquals(ROWS, readAll(zipNamedTxt));
        assertEquals(Source.Format.PLAIN, Source.format(utf8("PK,1\n"), "pk.csv"));
        assertEquals(Source.Format.PLAIN, Source.format(new byte[0], "empty.csv"));
        assertEquals(Source.Format.GZIP, Source.format(new byte[0], "EMPTY.CSV.GZ"));
        assertEquals(Source.Format.ZIP, Source.format(new byte[0], "empty.Zip"));
    }

    // ---- files that cannot be read, each with its sentence

    @Test
    void aZipWithOnlyFoldersFailsSayingItHoldsNoFile() throws IOException {
        // when
        String message = failureToOpen("folders.zip", zip(entry("a/", null), entry("a/b/", null)));

        // then
        assertEquals("the zip file holds no file, only folders", message);
    }

    @Test
    void anEmptyZipFailsSayingItHoldsNoFile() throws IOException {
        // given an archive of nothing but its end of central directory record (APPNOTE 4.3.16)
        byte[] empty = new byte[22];
        System.arraycopy(new byte[] {'P', 'K', 5, 6}, 0, empty, 0, 4);

        // when
        String message = failureToOpen("empty.zip", empty);

        // then
        assertEquals("the zip file holds no file", message);
    }

    @Test
    void anEncryptedZipEntryFailsNamingTheEntry() throws IOException {
        // given general purpose bit 0 (encrypted, APPNOTE 4.4.4) set in the entry's local header
        byte[] bytes = zip(entry("données.csv", utf8(ROWS)));
        bytes[6] |= 1;

        // when
        String message = failureToOpen("secret.zip", bytes);

        // then
        assertEquals("the zip entry données.csv is encrypted", message);
    }

    @Test
    void aZipEntryInAnUnreadableCompressionMethodFailsNamingTheMethod() throws IOException {
        // given a stored entry relabelled as Deflate64 (method 9), which some Windows zippers write for large files
        byte[] bytes = zip(stored("big.csv", utf8(ROWS)));
        bytes[8] = 9;

        // when
        String message = failureToOpen("big.zip", bytes);

        // then
        assertEquals("the zip entry big.csv uses compression method 9; only stored and deflated entries can be read",
                message);
    }

    @Test
    void aTruncatedGzipFailsWhileReadingSayingItIsNotValidGzip() throws IOException {
        // given
        byte[] whole = gzip(rows(20_000));

        // when
        String message = failureToRead("cut.csv.gz", Arrays.copyOf(whole, whole.length / 2));

        // then
        assertEquals("the source file is not valid gzip: it is cut off before its end", message);
    }

    @Test
    void aTruncatedZipFailsWhileReadingSayingItIsNotAValidZipFile() throws IOException {
        // given
        byte[] whole = zip(entry("rows.csv", rows(20_000)));

        // when
        String message = failureToRead("cut.zip", Arrays.copyOf(whole, whole.length / 2));

        // then
        assertTrue(message.startsWith("the source file is not a valid zip file: "), message);
    }

    @Test
    void aFileNamedGzThatIsNotGzipFailsSayingSo() throws IOException {
        // when
        String message = failureToOpen("subscribers.csv.gz", utf8(ROWS));

        // then
        assertEquals("the source file is not valid gzip: Not in GZIP format", message);
    }

    // ---- the expansion limit

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bomb.gz", "bomb.zip"})
    void aFileExpandingBeyondTheLimitFailsOnceItIsReached(String name) throws IOException {
        // given 10 MB of zeros, compressed to a few kilobytes, and a limit of 1 MB
        byte[] zeros = new byte[10 * 1024 * 1024];
        byte[] bomb = name.endsWith(".gz") ? gzip(zeros) : zip(entry("zeros.csv", zeros));
        Source source = Source.of(write(name, bomb), 1024 * 1024);

        // when
        long[] delivered = {0};
        SourceException e;
        try (Source.Opened opened = source.open()) {
            e = assertThrows(SourceException.class, () -> {
                byte[] buffer = new byte[8192];
                for (int n = opened.data().read(buffer); n >= 0; n = opened.data().read(buffer)) {
                    delivered[0] += n;
                }
            });
        }

        // then
        assertEquals("the source file expands to more than 1048576 bytes (LISTGATE_IMPORT_MAX_EXPANDED_BYTES)",
                e.getMessage());
        assertTrue(delivered[0] <= 1024 * 1024, "no more than the limit was handed on: " + delivered[0]);
    }

    @Test
    void skippingExpandsLikeReadingAndIsHeldToTheSameLimit() throws IOException {
        // given
        Source source = Source.of(write("skip.gz", gzip(new byte[10 * 1024 * 1024])), 1024 * 1024);

        // when
        try (Source.Opened opened = source.open()) {
            SourceException e = assertThrows(SourceException.class, () -> opened.data().skip(10L * 1024 * 1024));

            // then
            assertTrue(e.getMessage().startsWith("the source file expands to more than 1048576 bytes"), e.getMessage());
        }
    }

    @Test
    void aFileExpandingToExactlyTheLimitIsRead() throws IOException {
        // given
        Source source = Source.of(write("exact.gz", gzip(new byte[1024 * 1024])), 1024 * 1024);

        // when
        try (Source.Opened opened = source.open()) {
            // then
            assertEquals(1024 * 1024, opened.data().readAllBytes().length);
        }
    }

    @Test
    void aPlainFileIsNotHeldToTheExpansionLimit() throws IOException {
        // given
        Source source = Source.of(write("plain.csv", utf8(ROWS)), 1);

        // then
        assertEquals(ROWS, readAll(source));
    }

    // ---- progress and memory

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rows.csv.gz", "rows.zip"})
    void bytesReadCountsCompressedBytesAndReachesTheSizeAtTheEnd(String name) throws IOException {
        // given rows that compress to several buffers' worth, and in a zip a second entry never read
        byte[] rows = rows(200_000);
        byte[] file = name.endsWith(".gz") ? gzip(rows) : zip(entry("rows.csv", rows), entry("more.csv", rows));
        Source source = Source.of(write(name, file), NO_LIMIT);

        // when
        List<Long> seen = new ArrayList<>();
        long expanded = 0;
        try (Source.Opened opened = source.open()) {
            byte[] buffer = new byte[8192];
            for (int n = opened.data().read(buffer); n >= 0; n = opened.data().read(buffer)) {
                expanded += n;
                seen.add(opened.bytesRead());
            }
            seen.add(opened.bytesRead());
        }

        // then
        assertEquals(rows.length, expanded);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "bytesRead never goes back");
        }
        assertTrue(seen.stream().anyMatch(b -> b > 0 && b < source.size() / 2),
                "midway bytesRead is part of the compressed size " + source.size());
        assertTrue(seen.stream().allMatch(b -> b <= source.size()), "bytesRead counts compressed bytes");
        assertEquals(source.size(), seen.get(seen.size() - 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"zeros.gz", "zeros.zip"})
    void readingStreamsWithoutHoldingTheExpandedBytes(String name) throws IOException {
        // given 256 MB of rows' bytes in a file of a few hundred kilobytes
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot count the bytes a thread allocates; run the tests on HotSpot (OpenJDK 17)");
        long expandedSize = 256L * 1024 * 1024;
        Path file = dir.resolve(name);
        try (OutputStream out = compressing(name, Files.newOutputStream(file))) {
            byte[] zeros = new byte[1024 * 1024];
            for (long written = 0; written < expandedSize; written += zeros.length) {
                out.write(zeros);
            }
        }
        Source source = Source.of(file, NO_LIMIT);

        // when
        long before = threads.getCurrentThreadAllocatedBytes();
        long expanded = 0;
        try (Source.Opened opened = source.open()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = opened.data().read(buffer); n >= 0; n = opened.data().read(buffer)) {
                expanded += n;
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // then
        assertEquals(expandedSize, expanded);
        assertTrue(allocated < 4 * 1024 * 1024, "reading 256 MB allocated " + allocated + " bytes");
    }

    // ---- helpers

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** The sentence that opening this file fails with. */
    private String failureToOpen(String name, byte[] content) throws IOException {
        Source source = Source.of(write(name, content), NO_LIMIT);
        return assertThrows(SourceException.class, source::open).getMessage();
    }

    /** The sentence that reading this file through fails with. */
    private String failureToRead(String name, byte[] content) throws IOException {
        Source source = Source.of(write(name, content), NO_LIMIT);
        return assertThrows(SourceException.class, () -> readAll(source)).getMessage();
    }

    private static String readAll(Source source) throws IOException {
        try (Source.Opened opened = source.open()) {
            return new String(opened.data().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A header and {@code count} rows of varied content, so that they compress only moderately. */
    private static byte[] rows(int count) {
        Random random = new Random(42);
        StringBuilder text = new StringBuilder("Email,Score\n");
        for (int i = 0; i < count; i++) {
            text.append("user").append(i).append("@example.org,").append(random.nextInt()).append('\n');
        }
        return utf8(text.toString());
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private record Entry(ZipEntry entry, byte[] content) {
    }

    /** A deflated entry, or a folder when {@code content} is null. */
    private static Entry entry(String name, byte[] content) {
        return new Entry(new ZipEntry(name), content);
    }

    /** A stored entry: its sizes and CRC sit in the local header, with no data descriptor after the data. */
    private static Entry stored(String name, byte[] content) {
        ZipEntry entry = new ZipEntry(name);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        entry.setCrc(crc.getValue());
        return new Entry(entry, content);
    }

    private static byte[] zip(Entry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Entry e : entries) {
                zip.putNextEntry(e.entry());
                if (e.content() != null) {
                    zip.write(e.content());
                }
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static OutputStream compressing(String name, OutputStream file) throws IOException {
        if (name.endsWith(".gz")) {
            return new GZIPOutputStream(file, 64 * 1024);
        }
        ZipOutputStream zip = new ZipOutputStream(file);
        zip.putNextEntry(new ZipEntry("zeros.csv"));
        return zip;
    }
}
