package io.listgate.importjob;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an import job does with the rows of a file: every rejection reason, both encodings, the
 * three file types, a date format, the job ending in ERROR when the file cannot be read at all, and
 * GetJobStatus counts while a job waits and runs.
 */
class ImportRowsIT {

    private final ImportSteps acme = ImportSteps.acme();

    /** An email-keyed database with one column of each checked type. */
    private static MappingXml typedCreate(String name) {
        return MappingXml.create(name).key("EMAIL", 9).required("Name", 0).column("Age", 2).column("Member", 1)
                .column("Joined", 3).select("Level", "Gold", "Silver")
                .map("EMAIL", "Name", "Age", "Member", "Joined", "Level");
    }

    /** ROW → REASON of the job's .err file, fetched by FTP. */
    private Map<Long, String> errorReasons(Job job) throws IOException {
        String text = acme.download(job.parameters().get("ERROR_FILE_NAME"));
        assertNotNull(text, "error file of job " + job.id());
        Map<Long, String> reasons = new LinkedHashMap<>();
        for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text))) {
            reasons.put(Long.parseLong(r.get("ROW")), r.get("REASON"));
            assertTrue(!r.get("MESSAGE").isBlank(), "every rejected row has a readable message: " + text);
        }
        return reasons;
    }

    @Test
    void everyRejectionReasonIsCountedAndRecordedWithItsRowWhileTheJobGoesOn() throws IOException {
        // given
        String source = """
                Email,Name,Age,Member,Joined,Level
                ok@example.org,Ok,30,yes,01/31/2020,Gold
                not-an-email,Bad Address,30,yes,01/31/2020,Gold
                short@example.org,Short,30
                date@example.org,Date,30,yes,31/01/2020,Gold
                required@example.org,,30,yes,01/31/2020,Gold
                number@example.org,Number,thirty,yes,01/31/2020,Gold
                yesno@example.org,Yes No,30,maybe,01/31/2020,Gold
                select@example.org,Select,30,yes,01/31/2020,Platinum
                ok@example.org,Again,31,no,02/01/2020,Silver
                ,No Address,30,yes,01/31/2020,Gold
                also.ok@example.org,Also,,n,,silver
                """;

        // when
        Job job = acme.run(typedCreate(unique("Rejections")), source);

        // then
        job.assertComplete("TOTAL_ROWS", 11, "TOTAL_VALID", 3, "SQL_ADDED", 2, "DUPLICATES", 1, "BAD_ADDRESSES", 2,
                "BAD_RECORDS", 6);
        Map<Long, String> expected = new LinkedHashMap<>();
        expected.put(2L, "BAD_EMAIL");
        expected.put(3L, "FIELD_COUNT");
        expected.put(4L, "BAD_DATE");
        expected.put(5L, "REQUIRED_EMPTY");
        expected.put(6L, "BAD_NUMBER");
        expected.put(7L, "BAD_VALUE");
        expected.put(8L, "BAD_VALUE");
        expected.put(9L, "DUPLICATE");
        expected.put(10L, "MISSING_EMAIL");
        assertEquals(expected, errorReasons(job));
        Map<String, String> ok = acme.contact(job.listId(), "ok@example.org");
        assertEquals(Map.of("Name", "Ok", "Age", "30", "Member", "Yes", "Joined", "2020-01-31", "Level", "Gold"),
                Map.of("Name", ok.get("Name"), "Age", ok.get("Age"), "Member", ok.get("Member"), "Joined", ok.get("Joined"),
                        "Level", ok.get("Level")));
        assertEquals("No", acme.contact(job.listId(), "also.ok@example.org").get("Member"));
    }

    @Test
    void theErrorFileCarriesTheOffendingValue() {
        // given
        Job job = acme.run(typedCreate(unique("Values")), "Email,Name,Age,Member,Joined,Level\n"
                + "someone@example.org,Someone,12x,yes,01/31/2020,Gold\n");

        // when
        String errors = acme.download(job.id() + ".err");

        // then
        job.assertComplete("TOTAL_ROWS", 1, "BAD_RECORDS", 1);
        assertTrue(errors.contains("1,BAD_NUMBER") && errors.contains("12x"), errors);
    }

    @Test
    void aValueHoldingACharacterXmlCannotCarryIsABadRecordNotAStoredContact() throws IOException {
        // given
        MappingXml mapping = MappingXml.create(unique("Control")).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name");

        // when
        Job job = acme.run(mapping, "Email,Name\nbell@example.org,Bell\u0001Rings\nplain@example.org,Plain\n");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 1, "SQL_ADDED", 1, "BAD_RECORDS", 1);
        assertEquals(Map.of(1L, "BAD_VALUE"), errorReasons(job));
        assertTrue(acme.download(job.id() + ".err").contains("U+0001"));
    }

    // ---- encodings

    private static final String ACCENTED = "Email,Name\nrenee@example.org,Renée\nplain@example.org,Plain\n";

    private Job importAccented(byte[] file, String encoding) {
        MappingXml mapping = MappingXml.create(unique("Accents")).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name");
        return acme.run(mapping.xml(), file, encoding);
    }

    @Test
    void aUtf8FileKeepsItsAccents() {
        // when
        Job job = importAccented(ACCENTED.getBytes(StandardCharsets.UTF_8), "UTF-8");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 2);
        assertEquals("Renée", acme.contact(job.listId(), "renee@example.org").get("Name"));
    }

    @ParameterizedTest
    @CsvSource({"ISO-8859-1", "ISO_8859_1", "iso-8859-1"})
    void anIsoLatin1FileImportedAsIsoLatin1KeepsItsAccents(String encoding) {
        // when
        Job job = importAccented(ACCENTED.getBytes(StandardCharsets.ISO_8859_1), encoding);

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 2);
        assertEquals("Renée", acme.contact(job.listId(), "renee@example.org").get("Name"));
    }

    @Test
    void anIsoLatin1FileImportedAsUtf8RejectsTheRowsThatAreNotUtf8AndKeepsTheRest() throws IOException {
        // when
        Job job = importAccented(ACCENTED.getBytes(StandardCharsets.ISO_8859_1), "UTF-8");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 1, "SQL_ADDED", 1, "BAD_RECORDS", 1);
        assertEquals(Map.of(1L, "BAD_ENCODING"), errorReasons(job));
        assertEquals(Set.of("plain@example.org"), acme.column(job.listId(), "EMAIL"));
    }

    @Test
    void withoutFileEncodingTheFileIsReadAsUtf8() {
        // when
        Job job = importAccented(ACCENTED.getBytes(StandardCharsets.UTF_8), null);

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 2);
        assertEquals("Renée", acme.contact(job.listId(), "renee@example.org").get("Name"));
    }

    @Test
    void aFileInTheWrongEncodingThroughoutEndsInErrorSayingSo() {
        // given every row carries a Latin-1 byte that is not UTF-8
        String source = "Email,Name\nrenee@example.org,Renée\nzoe@example.org,Zoë\nanais@example.org,Anaïs\n";

        // when
        Job job = importAccented(source.getBytes(StandardCharsets.ISO_8859_1), "UTF-8");

        // then
        assertEquals("ERROR", job.status(), job.toString());
        assertTrue(job.description().contains("FILE_ENCODING"), job.description());
        job.assertCountsAddUp();
    }

    @Test
    void aUtf16FileImportedAsUtf8EndsInErrorSayingToCheckFileEncoding() {
        // given the "Unicode text" a spreadsheet saves: UTF-16 with a byte order mark
        byte[] utf16 = ACCENTED.getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[utf16.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withBom, 2, utf16.length);

        // when
        Job job = importAccented(withBom, "UTF-8");

        // then
        assertEquals("ERROR", job.status(), job.toString());
        assertTrue(job.description().contains("FILE_ENCODING"), job.description());
        assertEquals(0, job.count("SQL_ADDED"));
    }

    @Test
    void anEmptyFileEndsInErrorSayingItIsEmpty() {
        // when
        Job job = importAccented(new byte[0], null);

        // then
        assertEquals("ERROR", job.status(), job.toString());
        assertTrue(job.description().contains("empty"), job.description());
        job.assertCountsAddUp();
        assertEquals(0, job.count("TOTAL_ROWS"));
    }

    @Test
    void aFileWithOnlyAHeaderEndsInErrorSayingItHasNoDataRows() {
        // when
        Job job = importAccented("Email,Name\n".getBytes(StandardCharsets.UTF_8), null);

        // then
        assertEquals("ERROR", job.status(), job.toString());
        assertTrue(job.description().contains("no data rows"), job.description());
        assertNotNull(acme.download(job.id() + ".res"), "an ERROR job still says what happened in its .res");
    }

    @Test
    void windowsLineEndingsAndAByteOrderMarkAreReadAsRealClientsWriteThem() {
        // given
        byte[] text = "Email,Name\r\nrenee@example.org,Renée\r\nplain@example.org,Plain\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);

        // when
        Job job = importAccented(withBom, "UTF-8");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 2);
        assertEquals("Renée", acme.contact(job.listId(), "renee@example.org").get("Name"));
        assertEquals("Plain", acme.contact(job.listId(), "plain@example.org").get("Name"));
    }

    @Test
    void anUnterminatedQuoteRejectsTheRestOfTheFileAsOneUnreadableRowAndKeepsTheRowsBeforeIt() throws IOException {
        // when
        Job job = importAccented("Email,Name\nfirst@example.org,First\nbroken@example.org,\"Broken\nlast@example.org,Last\n"
                .getBytes(StandardCharsets.UTF_8), null);

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 1, "SQL_ADDED", 1, "BAD_RECORDS", 1);
        assertEquals(Map.of(2L, "UNREADABLE"), errorReasons(job));
        assertEquals(Set.of("first@example.org"), acme.column(job.listId(), "EMAIL"));
    }

    // ---- file types and dates

    @ParameterizedTest(name = "FILE_TYPE {0}")
    @ValueSource(ints = {0, 1, 2})
    void eachFileTypeSplitsFieldsOnItsDelimiterAndHonoursQuotes(int fileType) {
        // given a value holding the other delimiters, and a quoted value holding this one
        MappingXml mapping = MappingXml.create(unique("File Type " + fileType)).key("EMAIL", 9).column("Note", 0)
                .column("City", 0).fileType(fileType).map("EMAIL", "Note", "City");
        String d = switch (fileType) {
            case 0 -> ",";
            case 1 -> "\t";
            default -> "|";
        };
        String others = "x,y|z\tw".replace(d, "");
        String source = "Email" + d + "Note" + d + "City\n"
                + "a@example.org" + d + others + d + "Paris\n"
                + "b@example.org" + d + "\"one" + d + "two\"" + d + "Rome\n";

        // when
        Job job = acme.run(mapping, source);

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 2);
        assertEquals(others, acme.contact(job.listId(), "a@example.org").get("Note"));
        assertEquals("Paris", acme.contact(job.listId(), "a@example.org").get("City"));
        assertEquals("one" + d + "two", acme.contact(job.listId(), "b@example.org").get("Note"));
    }

    @Test
    void aListDateFormatOtherThanTheDefaultReadsDatesInThatFormatOnly() throws IOException {
        // given
        MappingXml mapping = MappingXml.create(unique("Dates")).key("EMAIL", 9).column("Joined", 3)
                .info("LIST_DATE_FORMAT", "dd.mm.yyyy").map("EMAIL", "Joined");

        // when
        Job job = acme.run(mapping, "Email,Joined\na@example.org,31.01.2020\nb@example.org,01/31/2020\n"
                + "c@example.org,5.6.2021\n");

        // then
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 2, "SQL_ADDED", 2, "BAD_RECORDS", 1);
        assertEquals("2020-01-31", acme.contact(job.listId(), "a@example.org").get("Joined"));
        assertEquals("2021-06-05", acme.contact(job.listId(), "c@example.org").get("Joined"));
        assertEquals(Map.of(2L, "BAD_DATE"), errorReasons(job));
    }

    @Test
    void aMonthNameDateFormatReadsEnglishMonthNames() {
        // given
        MappingXml mapping = MappingXml.create(unique("Month Names")).key("EMAIL", 9).column("Joined", 3)
                .info("LIST_DATE_FORMAT", "MMM d, yyyy").map("EMAIL", "Joined");

        // when
        Job job = acme.run(mapping, "Email,Joined\na@example.org,\"Mar 4, 2022\"\n");

        // then
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_ADDED", 1);
        assertEquals("2022-03-04", acme.contact(job.listId(), "a@example.org").get("Joined"));
    }

    @Test
    void withoutHeadersTheFirstLineIsAContact() {
        // given
        MappingXml mapping = MappingXml.create(unique("No Headers")).key("EMAIL", 9).column("Name", 0)
                .withoutHeaders().map("EMAIL", "Name");

        // when
        Job job = acme.run(mapping, "first@example.org,First\nsecond@example.org,Second\n");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 2);
        assertEquals(Set.of("first@example.org", "second@example.org"), acme.column(job.listId(), "EMAIL"));
    }

    @Test
    void anEmptyFieldOfANewContactTakesTheColumnsDefaultValue() {
        // given
        MappingXml mapping = MappingXml.create(unique("Defaults")).key("EMAIL", 9)
                .column("Country", 0, "<DEFAULT_VALUE>US</DEFAULT_VALUE>").map("EMAIL", "Country");

        // when
        Job job = acme.run(mapping, "Email,Country\na@example.org,\nb@example.org,FR\n");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 2);
        assertEquals("US", acme.contact(job.listId(), "a@example.org").get("Country"));
        assertEquals("FR", acme.contact(job.listId(), "b@example.org").get("Country"));
    }

    // ---- GetJobStatus while waiting and running

    @Test
    void allEightCountsArePresentAndNumericWhileAJobWaitsRunsAndCompletesWithLiveProgress() {
        // given a long job on a database, and a second job queued behind it on the same database
        long listId = acme.createDatabase(MappingXml.create(unique("Progress")).key("EMAIL", 9).column("N", 2)
                .map("EMAIL", "N"), "Email,N\nfirst@example.org,0\n");
        StringBuilder big = new StringBuilder("Email,N\n");
        for (int i = 0; i < 30_000; i++) {
            big.append("user").append(i).append("@example.org,").append(i).append('\n');
        }
        MappingXml mapping = MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "N");
        String map = acme.upload(unique("map") + ".xml", mapping.xml());
        String bigFile = acme.upload(unique("big") + ".csv", big.toString());
        String smallFile = acme.upload(unique("small") + ".csv", "Email,N\nlast@example.org,1\n");

        // when
        long first = acme.importList(map, bigFile);
        long second = acme.importList(map, smallFile);
        Job queued = acme.status(second);

        // then the second waits its turn, with zero counts rather than none
        assertEquals("WAITING", queued.status(), "jobs on one database run one at a time in submission order");
        queued.assertCountsAddUp();
        ImportSteps.COUNTS.forEach(name -> assertEquals("0", queued.parameters().get(name), name));
        assertEquals(null, queued.parameters().get("RESULTS_FILE_NAME"), "no result file before the job ends");
        assertEquals(String.valueOf(second), queued.parameters().get("CALC_LIST_JOB_ID"), "the job's own id, in every state");
        List<Job> polls = new ArrayList<>();
        acme.awaitJob(first, polls::add).assertComplete("TOTAL_ROWS", 30_000, "TOTAL_VALID", 30_000, "SQL_ADDED", 30_000);
        acme.awaitJob(second).assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_ADDED", 1);
        assertEquals(30_002, acme.contacts(listId).size());
        assertTrue(polls.stream().anyMatch(p -> p.status().equals("RUNNING") && p.count("TOTAL_ROWS") > 0
                && p.count("TOTAL_ROWS") < 30_000), "GetJobStatus shows live progress while RUNNING: "
                + polls.stream().map(p -> p.status() + " " + p.count("TOTAL_ROWS")).toList());
    }
}
