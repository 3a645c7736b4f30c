package io.listgate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.Server;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The steps of an import as a real client takes them, against the shared test server: FTP upload
 * into {@code upload/}, ImportList, GetJobStatus polled with a deadline, result files fetched from
 * {@code download/} by FTP. Contact rows are read straight from the database for the assertions.
 */
public final class ImportSteps {

    /** The eight counts real clients parse without checking that they are there. */
    public static final List<String> COUNTS = List.of("TOTAL_ROWS", "TOTAL_VALID", "SQL_ADDED", "SQL_UPDATED",
            "DUPLICATES", "BAD_ADDRESSES", "BAD_RECORDS", "NOT_ALLOWED", "SQL_DELETED");
    private static final Duration JOB_DEADLINE = Duration.ofSeconds(60);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** One GetJobStatus answer. */
    public record Job(long id, String status, String description, Map<String, String> parameters) {

        public long count(String name) {
            String value = parameters.get(name);
            if (value == null) {
                throw new AssertionError(name + " missing from PARAMETERS " + parameters);
            }
            return Long.parseLong(value);
        }

        public long listId() {
            return count("LIST_ID");
        }

        /** Fails unless the eight counts are there and numeric and every row is counted exactly once. */
        public Job assertCountsAddUp() {
            for (String name : COUNTS) {
                String value = parameters.get(name);
                assertTrue(value != null && value.matches("[0-9]+"), name + " must be a number in " + status + ": " + parameters);
            }
            assertEquals(count("TOTAL_ROWS"), count("TOTAL_VALID") + count("BAD_ADDRESSES") + count("BAD_RECORDS"),
                    "TOTAL_ROWS = TOTAL_VALID + BAD_ADDRESSES + BAD_RECORDS in " + parameters);
            assertEquals(count("TOTAL_VALID"), count("SQL_ADDED") + count("SQL_UPDATED") + count("OPTED_OUT")
                            + count("DUPLICATES") + count("NOT_ALLOWED") + count("SKIPPED") + count("SQL_DELETED"),
                    "TOTAL_VALID = SQL_ADDED + SQL_UPDATED + OPTED_OUT + DUPLICATES + NOT_ALLOWED + SKIPPED + SQL_DELETED in "
                            + parameters);
            return this;
        }

        /**
         * Fails unless the job is COMPLETE with exactly these counts, given as name/value pairs,
         * e.g. {@code assertCounts("TOTAL_ROWS", 7, "SQL_ADDED", 5)}; counts not named must be 0.
         */
        public Job assertComplete(Object... expected) {
            assertEquals("COMPLETE", status, "job " + id + ": " + description + " " + parameters);
            Map<String, Long> want = new LinkedHashMap<>();
            for (String name : COUNTS) {
                want.put(name, 0L);
            }
            want.put("OPTED_OUT", 0L);
            want.put("SKIPPED", 0L);
            for (int i = 0; i < expected.length; i += 2) {
                want.put((String) expected[i], ((Number) expected[i + 1]).longValue());
            }
            Map<String, Long> got = new LinkedHashMap<>();
            want.keySet().forEach(name -> got.put(name, count(name)));
            assertEquals(want, got, "counts of job " + id);
            return assertCountsAddUp();
        }
    }

    private final Server server;
    private final XmlApiClient api;
    private final String username;
    private final String password;
    private final String organization;
    private String session;

    private ImportSteps(Server server, String username, String password, String organization) {
        this.server = server;
        this.api = new XmlApiClient(server.httpPort());
        this.username = username;
        this.password = password;
        this.organization = organization;
    }

    /** A client of organization {@code acme}, using its API credentials for the API and for FTP. */
    public static ImportSteps acme() {
        return new ImportSteps(TestServer.shared(), TestUsers.ACME_USER, TestUsers.ACME_PASSWORD, TestUsers.ACME);
    }

    /** A client of organization {@code globex}. */
    public static ImportSteps globex() {
        return new ImportSteps(TestServer.shared(), TestUsers.GLOBEX_USER, TestUsers.GLOBEX_PASSWORD, TestUsers.GLOBEX);
    }

    /** A client of {@code organization} on a server of the test's own (e.g. one with SMTP configured). */
    public static ImportSteps on(Server server, String username, String password, String organization) {
        return new ImportSteps(server, username, password, organization);
    }

    /** Uploads the mapping and the source under unique names and calls ImportList with EMAIL; returns the JOB_ID. */
    public long importWithEmail(MappingXml mapping, String source, String email) {
        String map = upload(unique("map") + ".xml", mapping.xml());
        String data = upload(unique("data") + ".csv", source);
        XmlApiClient.Reply reply = call("<ImportList><MAP_FILE>" + map + "</MAP_FILE><SOURCE_FILE>" + data
                + "</SOURCE_FILE><EMAIL>" + email + "</EMAIL></ImportList>");
        assertEquals("TRUE", reply.success().toUpperCase(), reply.body());
        return Long.parseLong(reply.xpath("/Envelope/Body/RESULT/JOB_ID"));
    }

    /** A name no other test uses: database names and file names are shared by all tests on the server. */
    public static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Server server() {
        return server;
    }

    public String organization() {
        return organization;
    }

    /** The API (and FTP/SFTP) user name. */
    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** Logs in now (a later call would log in by itself), e.g. to time the Login. */
    public void login() {
        session = api.loginSession(username, password);
    }

    /** This client's API session (logged in on first use). */
    public String session() {
        if (session == null) {
            session = api.loginSession(username, password);
        }
        return session;
    }

    /** A file of the repository's {@code samples/} (the README's sample files), as text. */
    public static String sample(String name) {
        try (InputStream in = ImportSteps.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- FTP

    private FTPClient ftp() throws IOException {
        FTPClient ftp = new FTPClient();
        ftp.setConnectTimeout(5000);
        ftp.setControlEncoding("UTF-8"); // file names such as données.csv
        ftp.connect("127.0.0.1", server.ftpPort());
        if (!ftp.login(username, password)) {
            throw new AssertionError("FTP login failed: " + ftp.getReplyString());
        }
        ftp.enterLocalPassiveMode();
        ftp.setFileType(FTP.BINARY_FILE_TYPE);
        return ftp;
    }

    /** Uploads these bytes as {@code upload/<name>} by FTP. */
    public String upload(String name, byte[] content) {
        String reply = ftp(ftp -> ftp.storeFile("upload/" + name, new ByteArrayInputStream(content)));
        assertTrue(reply.startsWith("226"), reply);
        return name;
    }

    /** One FTP command on a fresh connection; its last reply, e.g. {@code 226 ...} or {@code 550 ...}. */
    public String ftp(FtpCommand command) {
        try {
            FTPClient ftp = ftp();
            try {
                command.run(ftp);
                return ftp.getReplyString().strip();
            } finally {
                ftp.logout();
                ftp.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #ftp(FtpCommand)} runs. */
    public interface FtpCommand {
        void run(FTPClient ftp) throws IOException;
    }

    /** Uploads this text, UTF-8 encoded. */
    public String upload(String name, String text) {
        return upload(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The text of {@code download/<name>} fetched by FTP, or null when there is no such file. */
    public String download(String name) {
        try {
            FTPClient ftp = ftp();
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                return ftp.retrieveFile("download/" + name, out) ? out.toString(StandardCharsets.UTF_8) : null;
            } finally {
                ftp.logout();
                ftp.disconnect();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- XML API

    /** The raw ImportList reply; {@code encoding} may be null for none. */
    public XmlApiClient.Reply importListReply(String mapFile, String sourceFile, String encoding) {
        String body = "<MAP_FILE>" + mapFile + "</MAP_FILE><SOURCE_FILE>" + sourceFile + "</SOURCE_FILE>"
                + (encoding == null ? "" : "<FILE_ENCODING>" + encoding + "</FILE_ENCODING>");
        return call("<ImportList>" + body + "</ImportList>");
    }

    public XmlApiClient.Reply call(String operation) {
        return api.form("<Envelope><Body>" + operation + "</Body></Envelope>", session());
    }

    /** The operation as a raw {@code text/xml} body, in UTF-8. */
    public XmlApiClient.Reply callTextXml(String operation) {
        return api.textXml("<Envelope><Body>" + operation + "</Body></Envelope>", session());
    }

    /** The operation as {@code xml=} followed by the XML itself, not URL-encoded. */
    public XmlApiClient.Reply callRawForm(String operation) {
        return api.rawForm("<Envelope><Body>" + operation + "</Body></Envelope>", session());
    }

    /** ImportList that must succeed; returns the JOB_ID. */
    public long importList(String mapFile, String sourceFile, String encoding) {
        XmlApiClient.Reply reply = importListReply(mapFile, sourceFile, encoding);
        assertEquals("TRUE", reply.success().toUpperCase(), reply.body());
        String id = reply.xpath("/Envelope/Body/RESULT/JOB_ID");
        assertTrue(id.matches("[1-9][0-9]*"), "JOB_ID must be an unpadded positive integer: " + reply.body());
        return Long.parseLong(id);
    }

    public long importList(String mapFile, String sourceFile) {
        return importList(mapFile, sourceFile, null);
    }

    public XmlApiClient.Reply statusReply(long jobId) {
        return call("<GetJobStatus><JOB_ID>" + jobId + "</JOB_ID></GetJobStatus>");
    }

    public Job status(long jobId) {
        XmlApiClient.Reply reply = statusReply(jobId);
        assertEquals("TRUE", reply.success().toUpperCase(), reply.body());
        Map<String, String> parameters = new LinkedHashMap<>();
        Document doc = parse(reply.body());
        NodeList list = doc.getElementsByTagName("PARAMETER");
        for (int i = 0; i < list.getLength(); i++) {
            Element p = (Element) list.item(i);
            parameters.put(p.getElementsByTagName("NAME").item(0).getTextContent(),
                    p.getElementsByTagName("VALUE").item(0).getTextContent());
        }
        return new Job(jobId, reply.xpath("/Envelope/Body/RESULT/JOB_STATUS"),
                reply.xpath("/Envelope/Body/RESULT/JOB_DESCRIPTION"), parameters);
    }

    /**
     * Polls GetJobStatus until the job ends (COMPLETE, ERROR or CANCELED) or the deadline passes;
     * in every state seen on the way the counts must be present, numeric and add up.
     */
    public Job awaitJob(long jobId) {
        return awaitJob(jobId, job -> { });
    }

    /** As {@link #awaitJob(long)}, showing every answer on the way to {@code eachPoll}. */
    public Job awaitJob(long jobId, Consumer<Job> eachPoll) {
        long deadline = System.nanoTime() + JOB_DEADLINE.toNanos();
        while (true) {
            Job job = status(jobId);
            eachPoll.accept(job);
            if (!job.status().equals("ERROR") && !job.parameters().containsKey("EXPORT_TYPE")) {
                job.assertCountsAddUp();
            }
            if (Set.of("COMPLETE", "ERROR", "CANCELED").contains(job.status())) {
                return job;
            }
            assertTrue(Set.of("WAITING", "RUNNING").contains(job.status()), "unexpected JOB_STATUS " + job.status());
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " still " + job.status() + " after " + JOB_DEADLINE);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until the job is RUNNING with rows counted, failing if it completes first (to cancel it while it runs). */
    public void awaitRunning(long jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Job now = status(jobId);
            if (now.status().equals("RUNNING") && now.count("TOTAL_ROWS") > 0) {
                return;
            }
            assertTrue(!now.status().equals("COMPLETE"), "job " + jobId + " ended before it could be canceled");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("job " + jobId + " never ran");
    }

    /** Uploads the mapping and the source under unique names, imports, and waits for the end. */
    public Job run(MappingXml mapping, String source) {
        return run(mapping.xml(), source.getBytes(StandardCharsets.UTF_8), null);
    }

    public Job run(String mappingXml, byte[] source, String encoding) {
        String map = upload(unique("map") + ".xml", mappingXml);
        String data = upload(unique("data") + ".csv", source);
        return awaitJob(importList(map, data, encoding));
    }

    /** Uploads the mapping and a UTF-8 source under unique names and returns ImportList's reply as it is. */
    public XmlApiClient.Reply submit(String mappingXml, String source) {
        return importListReply(upload(unique("map") + ".xml", mappingXml), upload(unique("data") + ".csv", source), null);
    }

    /** Runs a CREATE and returns the new database's LIST_ID, failing unless the job completed. */
    public long createDatabase(MappingXml mapping, String source) {
        Job job = run(mapping, source);
        assertEquals("COMPLETE", job.status(), job.description());
        return job.listId();
    }

    // ---- the database, directly

    /**
     * The contacts of a database, in recipient order, each as column name → value: the user columns
     * by their mapping-file names, plus RECIPIENT_ID, EMAIL, OPTED_OUT (null while opted in),
     * CONSENT_STATUS_CODE, CONSENT_DATE, CONSENT_SOURCE, EMAIL_TYPE, OPT_IN_DETAILS, OPTED_IN (its date).
     */
    public List<Map<String, String>> contacts(long listId) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("recipient_id", "RECIPIENT_ID");
        names.put("email", "EMAIL");
        names.put("opted_out", "OPTED_OUT");
        names.put("consent_status", "CONSENT_STATUS_CODE");
        names.put("consent_date", "CONSENT_DATE");
        names.put("consent_source", "CONSENT_SOURCE");
        names.put("email_type", "EMAIL_TYPE");
        names.put("opt_in_details", "OPT_IN_DETAILS");
        names.put("DATE_FORMAT(opted_in, '%Y-%m-%d')", "OPTED_IN");
        for (String[] column : query("SELECT physical_name, name FROM list_column WHERE list_id = ? ORDER BY position", listId)) {
            if (!column[0].matches("c[0-9]+")) {
                throw new AssertionError("unexpected physical column name " + column[0]);
            }
            names.put(column[0], column[1]);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        String sql = "SELECT " + String.join(", ", names.keySet()) + " FROM contacts_" + listId + " ORDER BY recipient_id";
        for (String[] row : query(sql)) {
            Map<String, String> contact = new LinkedHashMap<>();
            int i = 0;
            for (String name : names.values()) {
                contact.put(name, row[i++]);
            }
            rows.add(contact);
        }
        return rows;
    }

    /** The one contact with this EMAIL (case-insensitive), failing unless there is exactly one. */
    public Map<String, String> contact(long listId, String email) {
        List<Map<String, String>> found = contacts(listId).stream()
                .filter(c -> email.equalsIgnoreCase(c.get("EMAIL"))).toList();
        assertEquals(1, found.size(), "contacts with EMAIL " + email + ": " + found);
        return found.get(0);
    }

    /** The values of one column over all contacts, sorted; nulls left out. */
    public Set<String> column(long listId, String name) {
        Set<String> values = new TreeSet<>();
        contacts(listId).forEach(c -> {
            if (c.get(name) != null) {
                values.add(c.get(name));
            }
        });
        return values;
    }

    /** The LIST_ID of this organization's database with this name, or -1. */
    public long databaseId(String name) {
        List<String[]> rows = query("SELECT l.id FROM contact_list l JOIN organization o ON o.id = l.organization_id"
                + " WHERE o.name = ? AND l.name = ? AND l.parent_id IS NULL", organization, name);
        return rows.isEmpty() ? -1 : Long.parseLong(rows.get(0)[0]);
    }

    /** The id of the database's contact list of this name, or -1. */
    public long contactListId(long databaseId, String name) {
        List<String[]> rows = query("SELECT id FROM contact_list WHERE parent_id = ? AND name = ?", databaseId, name);
        return rows.isEmpty() ? -1 : Long.parseLong(rows.get(0)[0]);
    }

    /** A contact list of the database, created with CreateContactList. */
    public long createContactList(long databaseId, String name) {
        XmlApiClient.Reply reply = call("<CreateContactList><DATABASE_ID>" + databaseId + "</DATABASE_ID><CONTACT_LIST_NAME>"
                + name + "</CONTACT_LIST_NAME><VISIBILITY>0</VISIBILITY></CreateContactList>");
        String id = reply.xpath("/Envelope/Body/RESULT/CONTACT_LIST_ID");
        assertTrue(!id.isEmpty(), reply.body());
        return Long.parseLong(id);
    }

    /** The emails of the contacts in a contact list, sorted. */
    public Set<String> members(long databaseId, long contactListId) {
        Set<String> emails = new TreeSet<>();
        query("SELECT c.email FROM contact_list_member m JOIN contacts_" + databaseId
                + " c ON c.recipient_id = m.recipient_id WHERE m.list_id = ?", contactListId).forEach(r -> emails.add(r[0]));
        return emails;
    }

    /** Runs a query on the server's database; every value as text. */
    public List<String[]> query(String sql, Object... parameters) {
        try (Connection c = server.database().dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                int width = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[width];
                    for (int i = 0; i < width; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    private static Document parse(String xml) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("reply is not XML: " + xml, e);
        }
    }
}
