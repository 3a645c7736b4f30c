package io.listgate.exportjob;

import static io.listgate.support.ImportSteps.unique;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.XmlApiClient;
import io.listgate.support.XmlApiClient.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ExportList against the real server (xmlapi-more.md section 8): over {@code /XMLAPI} as a form and as
 * a raw body and over {@code /SoapApi}, each option checked in the file fetched by FTP or SFTP.
 */
class ExportListIT {

    private static final String HEADER = "Email,Opt In Date,Opted Out,Opt In Details,Email Type,Opted Out Date,Name,Birthday";
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");
    private static ImportSteps acme;
    private static XmlApiClient api;
    private static long listId;
    private static String listName;

    /** A database of three contacts, one of them opted out; Name holds a comma and a non-ASCII letter. */
    @BeforeAll
    static void aDatabaseOfThreeContacts() {
        acme = ImportSteps.acme();
        api = new XmlApiClient(acme.server().httpPort());
        listName = unique("Export");
        listId = acme.createDatabase(MappingXml.create(listName).key("EMAIL", 9).column("Name", 0).column("Birthday", 3)
                        .map("EMAIL", "Name", "Birthday"),
                "Email,Name,Birthday\nada@example.org,\"Ada, Countess\",12/10/1815\nbob@example.org,Bob,\n"
                        + "carl@example.org,Çarl,01/02/1990\n");
        Job optOut = acme.run(MappingXml.into("OPT_OUT", listId).map("EMAIL"), "Email\ncarl@example.org\n");
        assertEquals("COMPLETE", optOut.status());
    }

    @Test
    void exportingAllAsCsvWritesAHeaderAndEveryContactAndGetJobStatusSaysWhatTheExportIs() {
        // when
        Reply reply = acme.call("<ExportList><LIST_ID>" + listId + "</LIST_ID><EXPORT_TYPE>ALL</EXPORT_TYPE>"
                + "<EXPORT_FORMAT>CSV</EXPORT_FORMAT><EXPORT_COLUMNS/></ExportList>");

        // then
        String path = filePath(reply);
        assertTrue(path.matches("/download/" + listName + " - All - [A-Z][a-z]{2} \\d{1,2} \\d{4} \\d{2}-\\d{2}-\\d{2} [AP]M\\.CSV"),
                path);
        long jobId = jobId(reply);
        Job job = acme.awaitJob(jobId);
        assertEquals("COMPLETE", job.status(), job.description());
        assertEquals("Exporting all contact source data, " + listName, job.description());
        assertEquals(List.of("FILE_ENCODING", "USE_CREATED_DATE", "MAX_RANGE", "INCLUDE_LEAD_SOURCE", "LIST_DATE_FORMAT_SAVE",
                "END_DATE", "START_DATE", "KEEP_IN_FTP_DOWNLOAD_DIRECTORY", "ERROR_FILE_NAME", "EMAIL", "LIST_NAME",
                "EXPORT_FORMAT", "KEEP_IN_STORED_FILES", "ENCODE_AS_MD5", "LIST_ID", "INCLUDE_LIST_ID_IN_FILE", "LIST_DATE_FORMAT",
                "FILENAME", "RESULTS_FILE_NAME", "EXPORT_TYPE", "INCLUDE_RECIPIENT_ID", "MIN_RANGE"),
                new ArrayList<>(job.parameters().keySet()));
        Map<String, String> p = job.parameters();
        assertEquals("utf-8", p.get("FILE_ENCODING"));
        assertEquals("0", p.get("EXPORT_FORMAT"));
        assertEquals("0", p.get("EXPORT_TYPE"));
        assertEquals(jobId + ".err", p.get("ERROR_FILE_NAME"));
        assertEquals(jobId + ".res", p.get("RESULTS_FILE_NAME"));
        assertEquals(path.substring("/download/".length()), p.get("FILENAME"));
        assertEquals(String.valueOf(listId), p.get("LIST_ID"));
        assertEquals("", p.get("START_DATE"));
        assertEquals("false", p.get("USE_CREATED_DATE"));
        String today = LocalDate.now().format(US_DATE);
        List<String> lines = lines(ftpDownload(path, UTF_8));
        assertEquals(HEADER, lines.get(0));
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(1).matches("ada@example.org," + today + " \\d{2}:\\d{2}:\\d{2},F,,0,,\"Ada, Countess\",12/10/1815"),
                lines.get(1));
        assertTrue(lines.get(2).startsWith("bob@example.org,") && lines.get(2).endsWith(",F,,0,,Bob,"), lines.get(2));
        assertTrue(lines.get(3).matches("carl@example.org,.*,T,,0," + today + " [0-9:]{8},Çarl,01/02/1990"), lines.get(3));
        assertTrue(ftpDownload(path, UTF_8).endsWith("\r\n"), "rows end in CRLF");
    }

    @Test
    void optedInAsTabInIso88591WithChosenColumnsInAnyCaseRecipientIdAndADateFormatAsARawBody() {
        // given the column names in other letter cases, and a system field by its API name
        String xml = "<Envelope><Body><ExportList><EXPORT_COLUMNS><COLUMN>name</COLUMN><COLUMN>EMAIL</COLUMN>"
                + "<COLUMN>BIRTHDAY</COLUMN></EXPORT_COLUMNS><INCLUDE_RECIPIENT_ID>TRUE</INCLUDE_RECIPIENT_ID>"
                + "<LIST_DATE_FORMAT>yyyy-mm-dd</LIST_DATE_FORMAT><FILE_ENCODING>iso-8859-1</FILE_ENCODING>"
                + "<EXPORT_FORMAT>TAB</EXPORT_FORMAT><EXPORT_TYPE>OPT_IN</EXPORT_TYPE><LIST_ID>" + listId + "</LIST_ID>"
                + "<UNKNOWN_CHILD>ignored</UNKNOWN_CHILD></ExportList></Body></Envelope>";

        // when
        Reply reply = api.textXml(xml, acme.session());

        // then
        String path = filePath(reply);
        assertTrue(path.contains(" - Opt In - ") && path.endsWith(".TXT"), path);
        Job job = acme.awaitJob(jobId(reply));
        assertEquals("COMPLETE", job.status(), job.description());
        assertEquals("Exporting opted-in contact source data, " + listName, job.description());
        assertEquals("1", job.parameters().get("EXPORT_FORMAT"));
        assertEquals("1", job.parameters().get("EXPORT_TYPE"));
        assertEquals("true", job.parameters().get("INCLUDE_RECIPIENT_ID"));
        assertEquals("iso-8859-1", job.parameters().get("FILE_ENCODING"));
        List<String> lines = lines(ftpDownload(path, ISO_8859_1));
        assertEquals(List.of("RECIPIENT_ID\tName\tEmail\tBirthday"), lines.subList(0, 1));
        assertEquals(3, lines.size(), "carl opted out: " + lines);
        assertTrue(lines.get(1).matches("[1-9][0-9]*\tAda, Countess\tada@example.org\t1815-12-10"), lines.get(1));
        assertTrue(lines.get(2).matches("[1-9][0-9]*\tBob\tbob@example.org\t"), lines.get(2));
    }

    @Test
    void optedOutAsPipeOverARawFormHoldsOnlyTheOptedOutContact() {
        // when
        Reply reply = api.rawForm("<Envelope><Body><ExportList><LIST_ID>" + listId + "</LIST_ID><EXPORT_TYPE>OPT_OUT"
                + "</EXPORT_TYPE><EXPORT_FORMAT>PIPE</EXPORT_FORMAT><EXPORT_COLUMNS><COLUMN>Email</COLUMN><COLUMN>Opted Out"
                + "</COLUMN></EXPORT_COLUMNS><INCLUDE_LIST_ID_IN_FILE>true</INCLUDE_LIST_ID_IN_FILE></ExportList></Body>"
                + "</Envelope>", acme.session());

        // then
        String path = filePath(reply);
        assertTrue(path.contains(" - Opt Out - ") && path.endsWith(".TXT"), path);
        assertEquals("COMPLETE", acme.awaitJob(jobId(reply)).status());
        assertEquals(List.of("LIST_ID|Email|Opted Out", listId + "|carl@example.org|T"), lines(ftpDownload(path, UTF_8)));
    }

    @Test
    void aDateRangeOnLastChangeOrCreationSelectsContactsAndUndeliverableHasOnlyTheHeader() {
        String today = LocalDate.now().format(US_DATE);
        String tomorrow = LocalDate.now().plusDays(1).format(US_DATE);
        // when: today's range (dates only), a range starting tomorrow (date and time) on the created date, undeliverable
        Reply todays = export("<DATE_START>" + today + "</DATE_START><DATE_END>" + today + "</DATE_END>");
        Reply later = export("<DATE_START>" + tomorrow + " 00:00:00</DATE_START><USE_CREATED_DATE/>");
        Reply undeliverable = export("<EXPORT_TYPE>UNDELIVERABLE</EXPORT_TYPE>");

        // then
        assertEquals(4, lines(awaitFile(todays)).size());
        assertEquals(List.of(HEADER), lines(awaitFile(later)));
        assertEquals("true", acme.status(jobId(later)).parameters().get("USE_CREATED_DATE"));
        assertEquals(tomorrow + " 00:00:00", acme.status(jobId(later)).parameters().get("START_DATE"));
        assertEquals(List.of(HEADER), lines(awaitFile(undeliverable)));
        assertEquals("3", acme.status(jobId(undeliverable)).parameters().get("EXPORT_TYPE"));
    }

    @Test
    void aContactListExportsItsMembersOnly() {
        // given
        long contactList = acme.createContactList(listId, unique("Members"));
        Job added = acme.run(MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL").contactLists(contactList),
                "Email\nbob@example.org\n");
        assertEquals("COMPLETE", added.status());

        // when
        Reply reply = acme.call("<ExportList><LIST_ID>" + contactList + "</LIST_ID><EXPORT_COLUMNS><COLUMN>email</COLUMN>"
                + "</EXPORT_COLUMNS></ExportList>");

        // then
        assertEquals(List.of("Email", "bob@example.org"), lines(awaitFile(reply)));
    }

    @Test
    void badElementsAreFaultsWithTheVendorsNumbersAndAnotherOrganizationsListDoesNotExist() {
        assertFault(export("<EXPORT_FORMAT>XLS</EXPORT_FORMAT>"), "321", "Export Format is not valid.");
        assertFault(export("<FILE_ENCODING>latin-9</FILE_ENCODING>"), "141", "Encoding is not valid.");
        assertFault(export("<EXPORT_COLUMNS><COLUMN>Shoe size</COLUMN></EXPORT_COLUMNS>"), "153", "ERR_EXPORT_NOT_LIST_COLUMN");
        assertFault(acme.call("<ExportList><LIST_ID>abc</LIST_ID></ExportList>"), "106", "List ID is not valid.");
        assertFault(acme.call("<ExportList><LIST_ID>987654321</LIST_ID></ExportList>"), "108",
                "List with id 987654321 Does Not Exist.");
        assertFault(ImportSteps.globex().call("<ExportList><LIST_ID>" + listId + "</LIST_ID></ExportList>"), "108",
                "List with id " + listId + " Does Not Exist.");
        assertEquals("56", export("<DATE_START>yesterday</DATE_START>").errorId());
        assertEquals("56", export("<EXPORT_TYPE>SOME</EXPORT_TYPE>").errorId());
        assertEquals("55", acme.call("<ExportList><EXPORT_TYPE>ALL</EXPORT_TYPE></ExportList>").errorId());
    }

    @Test
    void overSoapTheAnswerIsInTheUserActionsNamespaceAndTheFileCanBeFetchedAndDeletedBySftp() throws Exception {
        // when
        String body = "<user:ExportList xmlns:user=\"SilverpopApi:EngageService.ListMgmt.UserActions\"><user:LIST_ID>" + listId
                + "</user:LIST_ID><user:EXPORT_TYPE>ALL</user:EXPORT_TYPE><user:EXPORT_FORMAT>CSV</user:EXPORT_FORMAT>"
                + "<user:ADD_TO_STORED_FILES/></user:ExportList>";
        String envelope = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Header>"
                + "<h:sessionHeader xmlns:h=\"SilverpopApi:EngageService.SessionHeader\"><h:sessionid>" + acme.session()
                + "</h:sessionid></h:sessionHeader></soapenv:Header><soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
        HttpResponse<String> soap = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + acme.server().httpPort() + "/SoapApi"))
                .header("Content-Type", "text/xml;charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString(envelope)).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertEquals(200, soap.statusCode(), soap.body());
        assertTrue(soap.body().contains("xmlns=\"SilverpopApi:EngageService.ListMgmt.UserActions\""), soap.body());
        String path = between(soap.body(), "<FILE_PATH>", "</FILE_PATH>");
        long jobId = Long.parseLong(between(soap.body(), "<JOB_ID>", "</JOB_ID>"));
        Job job = acme.awaitJob(jobId);
        assertEquals("COMPLETE", job.status());
        assertEquals("true", job.parameters().get("KEEP_IN_STORED_FILES"));
        String name = path.substring("/download/".length());
        SshClient ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier((session, address, key) -> true);
        ssh.start();
        try (ClientSession session = ssh.connect(acme.username(), "127.0.0.1", acme.server().sftpPort())
                .verify(Duration.ofSeconds(10)).getSession()) {
            session.addPasswordIdentity(acme.password());
            session.auth().verify(Duration.ofSeconds(10));
            try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                String content;
                try (InputStream in = sftp.read("download/" + name)) {
                    content = new String(in.readAllBytes(), UTF_8);
                }
                assertEquals(HEADER, lines(content).get(0));
                sftp.remove("download/" + name);
            }
        } finally {
            ssh.stop();
        }
        assertFalse(Files.exists(download().resolve(name)), "deleted by SFTP");
    }

    @Test
    void theFileCanBeDeletedByFtpAndNoTemporaryFileIsLeft() {
        // given
        String path = filePath(export(""));
        awaitFileOf(path);
        String name = path.substring("/download/".length());

        // when
        String reply = acme.ftp(ftp -> ftp.deleteFile("download/" + name));

        // then
        assertTrue(reply.startsWith("250"), reply);
        assertNull(acme.download(name));
        try (var files = Files.list(download())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no temporary file left");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theFileCanBeFetchedAndDeletedOverFtps() throws IOException {
        // given
        String path = filePath(export("<EXPORT_COLUMNS><COLUMN>Email</COLUMN></EXPORT_COLUMNS>"));
        awaitFileOf(path);
        String name = path.substring("/download/".length());
        FTPSClient ftps = new FTPSClient("TLS", false);
        ftps.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
        ftps.setConnectTimeout(10_000);
        ftps.connect("127.0.0.1", acme.server().ftpPort());
        try {
            assertTrue(ftps.login(acme.username(), acme.password()), ftps.getReplyString());
            ftps.execPBSZ(0);
            ftps.execPROT("P");
            ftps.enterLocalPassiveMode();
            ftps.setFileType(FTP.BINARY_FILE_TYPE);

            // when
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            boolean fetched = ftps.retrieveFile("download/" + name, content);
            boolean deleted = ftps.deleteFile("download/" + name);

            // then
            assertTrue(fetched, ftps.getReplyString());
            assertEquals(List.of("Email", "ada@example.org", "bob@example.org", "carl@example.org"), lines(content.toString(UTF_8)));
            assertTrue(deleted, ftps.getReplyString());
            assertFalse(Files.exists(download().resolve(name)));
        } finally {
            ftps.disconnect();
        }
    }

    // ---- steps

    private static Reply export(String elements) {
        return acme.call("<ExportList><LIST_ID>" + listId + "</LIST_ID>" + elements + "</ExportList>");
    }

    private static String filePath(Reply reply) {
        assertEquals("TRUE", reply.success(), reply.body());
        return reply.xpath("/Envelope/Body/RESULT/FILE_PATH");
    }

    private static long jobId(Reply reply) {
        String id = reply.xpath("/Envelope/Body/RESULT/JOB_ID");
        assertTrue(id.matches("[1-9][0-9]*"), reply.body());
        return Long.parseLong(id);
    }

    /** Waits for the export's job to complete, then fetches its file by FTP as UTF-8. */
    private static String awaitFile(Reply reply) {
        String path = filePath(reply);
        Job job = acme.awaitJob(jobId(reply));
        assertEquals("COMPLETE", job.status(), job.description());
        return ftpDownload(path, UTF_8);
    }

    private static void awaitFileOf(String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(download().resolve(path.substring("/download/".length())))) {
            assertTrue(System.nanoTime() < deadline, "no file " + path);
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String ftpDownload(String path, Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String reply = acme.ftp(ftp -> ftp.retrieveFile(path.substring(1), out));
        assertTrue(reply.startsWith("226"), reply);
        return out.toString(charset);
    }

    private static Path download() {
        return TestServer.shared().folders().download(acme.organization());
    }

    private static List<String> lines(String file) {
        return List.of(file.split("\r\n", -1)).subList(0, file.split("\r\n", -1).length - 1);
    }

    private static void assertFault(Reply reply, String errorId, String faultString) {
        assertEquals("false", reply.success(), reply.body());
        assertEquals(errorId, reply.errorId(), reply.body());
        assertEquals(faultString, reply.faultString(), reply.body());
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, text);
        return text.substring(from + start.length(), text.indexOf(end, from));
    }
}
