package io.listgate.flows;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.config.ListGateConfig;
import io.listgate.ftp.Eventually;
import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import io.listgate.tls.KeyMaterial;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.Test;

/**
 * Hot folders end to end: files dropped over FTP into a flow root's in/ folders become import jobs of
 * the one pipeline, then land in ok/ or ko/ with their result files.
 */
class HotFoldersIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern JOB = Pattern.compile("ListGate import job ([0-9]+)");

    private final ImportSteps acme = ImportSteps.acme();
    private final Path root = acme.server().folders().root(TestUsers.ACME);

    /** A flow root of this test's own under flows/, made by the client, its folders by the server. */
    private String flow() {
        String flow = "flows/" + unique("flow");
        String reply = acme.ftp(ftp -> ftp.makeDirectory(flow));
        assertTrue(reply.startsWith("257"), reply);
        Eventually.await("the server to lay out " + flow, DEADLINE, () -> Files.isDirectory(root.resolve(flow + "/import/in")));
        return flow;
    }

    private void put(String path, String text) {
        String reply = acme.ftp(ftp -> ftp.storeFile(path, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        assertTrue(reply.startsWith("226"), path + ": " + reply);
    }

    /** Waits until the file (named as dropped) is in the folder's ok/ or ko/; returns its path there. */
    private Path awaitFiled(String folder, String name, String outcome) {
        Path target = root.resolve(folder).resolve(outcome);
        Eventually.await(name + " in " + folder + "/" + outcome, DEADLINE, () -> find(target, name).isPresent()
                && find(target, name).map(p -> Files.exists(p.resolveSibling(p.getFileName() + ".res"))).orElse(false));
        return find(target, name).orElseThrow();
    }

    private static Optional<Path> find(Path folder, String name) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("[0-9]+_" + Pattern.quote(name))).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report filed beside a file of ok/ or ko/. */
    private static String res(Path filed) throws IOException {
        return Files.readString(filed.resolveSibling(filed.getFileName() + ".res"));
    }

    private Job jobOf(Path filed) throws IOException {
        Matcher m = JOB.matcher(res(filed));
        assertTrue(m.find(), "the .res names its job");
        return acme.status(Long.parseLong(m.group(1)));
    }

    private static String map(String database) {
        return mapping(database).xml();
    }

    @Test
    void aFileWithItsMarkerImportsItselfAndLandsInOkWithItsResultsAndItsJob() throws IOException {
        // given a flow whose mapping creates a database
        String flow = flow();
        String database = unique("Hot");
        put(flow + "/import/map.xml", map(database));

        // when a file and then its marker are dropped in import/in
        put(flow + "/import/in/customers.csv", "Email,Name\nann@example.org,Ann\nbob@example.org,Bob\nnot-an-email,X\n");
        put(flow + "/import/in/customers.csv.done", "");

        // then the file is imported like ImportList would, and filed in ok/ with its results
        Path filed = awaitFiled(flow + "/import", "customers.csv", "ok");
        Job job = jobOf(filed);
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 2, "SQL_ADDED", 2, "BAD_ADDRESSES", 1);
        assertEquals(flow + "/import/on/" + filed.getFileName(), job.parameters().get("SOURCE_FILE"));
        assertTrue(Files.exists(filed.resolveSibling(filed.getFileName() + ".err")), "rejected rows beside the file");
        assertEquals(Set.of("ann@example.org", "bob@example.org"), acme.column(acme.databaseId(database), "EMAIL"));
        assertFalse(Files.exists(root.resolve(flow + "/import/in/customers.csv.done")), "the marker is used up");
    }

    @Test
    void withoutMarkersAFileIsTakenOnceItHasBeenQuietAndLaterFilesFillAContactListNamedAfterThem() throws IOException {
        // given a flow whose first file made the database
        String flow = flow();
        String database = unique("Quiet");
        put(flow + "/import/map.xml", map(database));
        put(flow + "/import/in/first.csv", "Email,Name\nann@example.org,Ann\n");
        awaitFiled(flow + "/import", "first.csv", "ok");
        long db = acme.databaseId(database);

        // when a second file comes, without a marker
        put(flow + "/import/in/weekly.csv", "Email,Name\nann@example.org,Ann B\ncy@example.org,Cy\n");

        // then it goes into that database and a new contact list named after it (the default mode)
        Job job = jobOf(awaitFiled(flow + "/import", "weekly.csv", "ok"));
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 1, "SQL_UPDATED", 1);
        long list = acme.contactListId(db, "weekly");
        assertEquals(Set.of("ann@example.org", "cy@example.org"), acme.members(db, list));
    }

    @Test
    void withTheSyncMarkerTheListNamedAfterTheFileEndsWithExactlyItsContacts() throws IOException {
        String flow = flow();
        String database = unique("Sync");
        put(flow + "/import/map.xml", map(database));
        put(flow + "/import/in/base.csv", "Email,Name\nann@example.org,Ann\n");
        awaitFiled(flow + "/import", "base.csv", "ok");
        put(flow + "/import/.syncExistingList", "");
        put(flow + "/import/in/members.csv", "Email,Name\nann@example.org,A\nbob@example.org,B\n");
        awaitFiled(flow + "/import", "members.csv", "ok");

        // when the next file of that name names only bob
        put(flow + "/import/in/members.csv", "Email,Name\nbob@example.org,B\n");

        // then
        long db = acme.databaseId(database);
        Eventually.await("the second members.csv to be filed", DEADLINE, () -> {
            try (Stream<Path> files = Files.list(root.resolve(flow + "/import/ok"))) {
                return files.filter(p -> p.getFileName().toString().endsWith("_members.csv")).count() == 2
                        && acme.members(db, acme.contactListId(db, "members")).equals(Set.of("bob@example.org"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void withTheMarkersFileAFileWaitsForItsMarker() throws Exception {
        String flow = flow();
        put(flow + "/import/map.xml", map(unique("Marked")));
        put(flow + "/.markers", "");

        put(flow + "/import/in/late.csv", "Email,Name\nann@example.org,Ann\n");
        Thread.sleep(3000);
        assertTrue(Files.exists(root.resolve(flow + "/import/in/late.csv")), "no marker, not taken");

        put(flow + "/import/in/late.csv.txt", "");
        awaitFiled(flow + "/import", "late.csv", "ok");
    }

    @Test
    void aFileWhoseUploadWasCutOffIsNeverTaken() throws Exception {
        // given a partial file whose upload never ended well: its sentinel is still there
        String flow = flow();
        put(flow + "/import/map.xml", map(unique("Partial")));
        Path in = root.resolve(flow + "/import/in");
        Files.writeString(in.resolve("half.csv"), "Email,Name\nann@exam");
        Files.writeString(in.resolve(".half.csv.uploading"), "");

        // when its quiet time and marker come
        Files.writeString(in.resolve("half.csv.done"), "");
        Thread.sleep(3000);

        // then it stays; a complete upload of the same name over FTP clears the mark and is taken
        assertTrue(Files.exists(in.resolve("half.csv")));
        put(flow + "/import/in/half.csv", "Email,Name\nann@example.org,Ann\n");
        Job job = jobOf(awaitFiled(flow + "/import", "half.csv", "ok"));
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_ADDED", 1);
    }

    @Test
    void deleteAndOptOutFoldersNameContactsByTheHeadersKeyColumn() throws IOException {
        String flow = flow();
        String database = unique("Keys");
        put(flow + "/import/map.xml", map(database));
        put(flow + "/import/in/all.csv", "Email,Name\nann@example.org,A\nbob@example.org,B\ncy@example.org,C\n");
        awaitFiled(flow + "/import", "all.csv", "ok");
        long db = acme.databaseId(database);

        put(flow + "/delete/in/gone.csv", "Name,EMAIL\nx,ann@example.org\ny,nobody@example.org\n");
        put(flow + "/optoutEMAIL/in/stop.csv", "email\nbob@example.org\n");

        jobOf(awaitFiled(flow + "/delete", "gone.csv", "ok"))
                .assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_DELETED", 1, "SKIPPED", 1);
        jobOf(awaitFiled(flow + "/optoutEMAIL", "stop.csv", "ok"))
                .assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "OPTED_OUT", 1);
        assertEquals(Set.of("bob@example.org", "cy@example.org"), acme.column(db, "EMAIL"));
        assertTrue(acme.contact(db, "bob@example.org").get("OPTED_OUT") != null, "bob is opted out");

        put(flow + "/optinEMAIL/in/back.csv", "EMAIL\nbob@example.org\n");
        jobOf(awaitFiled(flow + "/optinEMAIL", "back.csv", "ok")).assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_UPDATED", 1);
        assertEquals(null, acme.contact(db, "bob@example.org").get("OPTED_OUT"), "bob is opted back in");
    }

    @Test
    void aFileTheFlowCannotImportGoesToKoWithTheReason() throws IOException {
        String flow = flow();
        put(flow + "/import/map.xml", "<LIST_IMPORT><LIST_INFO><ACTION>ADD_ONLY</ACTION></LIST_INFO></LIST_IMPORT>");

        put(flow + "/import/in/x.csv", "Email\nann@example.org\n");

        Path filed = awaitFiled(flow + "/import", "x.csv", "ko");
        String res = res(filed);
        assertTrue(res.contains("Status: REFUSED") && res.contains("map.xml"), res);
    }

    @Test
    void clientsWriteOnlyInInAndTheMappingAndMayDeleteTheirResults() throws IOException {
        String flow = flow();
        put(flow + "/import/map.xml", map(unique("Rights")));
        put(flow + "/import/in/r.csv", "Email,Name\nann@example.org,Ann\n");
        Path filed = awaitFiled(flow + "/import", "r.csv", "ok");

        String intoOn = acme.ftp(ftp -> ftp.storeFile(flow + "/import/on/sneaky.csv", new ByteArrayInputStream(new byte[1])));
        String intoOk = acme.ftp(ftp -> ftp.storeFile(flow + "/import/ok/sneaky.csv", new ByteArrayInputStream(new byte[1])));
        String deleteResult = acme.ftp(ftp -> ftp.deleteFile(flow + "/import/ok/" + filed.getFileName()));

        assertTrue(intoOn.startsWith("550"), intoOn);
        assertTrue(intoOk.startsWith("550"), intoOk);
        assertTrue(deleteResult.startsWith("250"), deleteResult);
        assertFalse(Files.exists(filed));
    }

    @Test
    void aFileACrashLeftInOnWithoutAJobIsSubmittedAndFiled() throws IOException {
        // given a file the server had taken (moved to on/) but died before submitting
        String flow = flow();
        put(flow + "/import/map.xml", map(unique("Crash")));
        long longAgo = Instant.now().minusSeconds(600).getEpochSecond();
        Files.writeString(root.resolve(flow + "/import/on/" + longAgo + "_orphan.csv"), "Email,Name\nann@example.org,Ann\n");

        // then the next scan submits it, once
        Path filed = awaitFiled(flow + "/import", "orphan.csv", "ok");
        jobOf(filed).assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_ADDED", 1);
        assertEquals(List.of(), listOrEmpty(root.resolve(flow + "/import/on")));
    }

    @Test
    void anotherOrganizationsFlowIsNotTouched() throws Exception {
        Path globex = acme.server().folders().root(TestUsers.GLOBEX);
        Path theirs = globex.resolve("contacts/import/in/theirs.csv");
        Eventually.await("globex's contacts tree", DEADLINE, () -> Files.isDirectory(theirs.getParent()));
        Files.writeString(theirs.resolveSibling(".theirs.csv.uploading"), "");
        Files.writeString(theirs, "Email\nx@example.org\n");

        String reply = acme.ftp(ftp -> ftp.storeFile("../" + TestUsers.GLOBEX + "/contacts/import/in/x.csv",
                new ByteArrayInputStream(new byte[1])));

        assertFalse(Files.exists(globex.resolve("contacts/import/in/x.csv")), reply);
        Files.delete(theirs);
        Files.delete(theirs.resolveSibling(".theirs.csv.uploading"));
    }

    @Test
    void anSftpUploadStillOpenIsNotTakenEvenWithItsMarkerAndIsOnceItCloses() throws Exception {
        String flow = flow();
        put(flow + "/import/map.xml", map(unique("Sftp")));
        try (SshClient ssh = SshClient.setUpDefaultClient()) {
            ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            ssh.start();
            try (ClientSession session = ssh.connect(TestUsers.ACME_USER, "127.0.0.1", acme.server().sftpPort())
                    .verify(10, TimeUnit.SECONDS).getSession()) {
                session.addPasswordIdentity(TestUsers.ACME_PASSWORD);
                session.auth().verify(10, TimeUnit.SECONDS);
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                    // when the upload is half done and its marker already there
                    OutputStream out = sftp.write("/" + flow + "/import/in/slow.csv");
                    out.write("Email,Name\nann@example.org,Ann\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    put(flow + "/import/in/slow.csv.done", "");
                    Thread.sleep(3000);
                    assertTrue(Files.exists(root.resolve(flow + "/import/in/slow.csv")), "not taken while open");
                    out.write("bob@example.org,Bob\n".getBytes(StandardCharsets.UTF_8));
                    out.close();
                }
            }
        }

        // then, closed, it is taken whole
        jobOf(awaitFiled(flow + "/import", "slow.csv", "ok")).assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 2);
    }

    @Test
    void anHttpDropIsImportedAtOnceAndItsJobAnswersAsJson() throws Exception {
        // given a flow, and a session of the organization
        String flow = flow();
        String database = unique("Http");
        put(flow + "/import/map.xml", map(database));
        int port = acme.server().httpPort();
        String session = new XmlApiClient(port).loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port + "/flows/";

        // when it is POSTed, and the job asked for
        HttpResponse<String> dropped = postFile(port, flow.substring("flows/".length()), session, "drop.csv",
                "Email,Name\nann@example.org,Ann\nbob@example.org,Bob\n");
        assertEquals(202, dropped.statusCode(), dropped.body());
        Matcher id = Pattern.compile("\"job_id\":([0-9]+)").matcher(dropped.body());
        assertTrue(id.find(), dropped.body());
        URI status = URI.create(base + "jobs/" + id.group(1) + ";jsessionid=" + session);
        Eventually.await("the dropped file's job to complete", DEADLINE, () -> get(http, status).body().contains("\"COMPLETE\""));

        // then its counts are there as JSON, the file is in ok/, and no one else sees the job
        String json = get(http, status).body();
        assertTrue(json.contains("\"sql_added\":2") && json.contains("\"flow\":\"" + flow + "/import\""), json);
        awaitFiled(flow + "/import", "drop.csv", "ok");
        assertEquals(401, get(http, URI.create(base + "jobs/" + id.group(1))).statusCode());
        String other = new XmlApiClient(port).loginSession(TestUsers.GLOBEX_USER, TestUsers.GLOBEX_PASSWORD);
        assertEquals(404, get(http, URI.create(base + "jobs/" + id.group(1) + ";jsessionid=" + other)).statusCode());
    }

    @Test
    void aListNamePatternTakesTheContactListFromPartOfTheFileNameAndRefusesNamesThatDoNotMatch() throws IOException {
        // given a flow whose flow.yaml takes the list name from Accengage's file names
        String flow = flow();
        String database = unique("Pattern");
        put(flow + "/import/map.xml", map(database));
        put(flow + "/import/flow.yaml", "listNamePattern: 'staticlist_(?<list>.+)_\\d+_\\d{14}\\.csv'\n");
        put(flow + "/import/.addToExistingList", "");
        put(flow + "/import/in/staticlist_base_1_20260101000000.csv", "Email,Name\nann@example.org,Ann\n");
        awaitFiled(flow + "/import", "staticlist_base_1_20260101000000.csv", "ok");
        long db = acme.databaseId(database);

        // when files named by the pattern, and one not, are dropped
        put(flow + "/import/in/staticlist_VIP_42_20260102030405.csv", "Email,Name\nann@example.org,A\nbob@example.org,B\n");
        put(flow + "/import/in/customers.csv", "Email,Name\ncy@example.org,C\n");

        // then the list is the pattern's group, and the other file is refused saying why
        awaitFiled(flow + "/import", "staticlist_VIP_42_20260102030405.csv", "ok");
        assertEquals(Set.of("ann@example.org", "bob@example.org"), acme.members(db, acme.contactListId(db, "VIP")));
        Path refused = awaitFiled(flow + "/import", "customers.csv", "ko");
        String res = res(refused);
        assertTrue(res.contains("does not match import/flow.yaml's listNamePattern"), res);
        assertFalse(acme.column(db, "EMAIL").contains("cy@example.org"));
    }

    @Test
    void aFlowYamlThatIsNotValidSendsTheNextFileToKoWithTheMessage() throws IOException {
        String flow = flow();
        put(flow + "/import/map.xml", map(unique("BadYaml")));
        put(flow + "/import/flow.yaml", "listNamePatern: '(?<list>.+)'\n");

        put(flow + "/import/in/a.csv", "Email,Name\nann@example.org,Ann\n");

        Path refused = awaitFiled(flow + "/import", "a.csv", "ko");
        String res = res(refused);
        assertTrue(res.contains("unknown option 'listNamePatern'"), res);
    }

    @Test
    void aFileOverTheOrganizationsCapGoesToKoOverFtpAndIsRefusedWith413OverHttp() throws Exception {
        // given globex, whose hot-folder files are capped at 1000 bytes (TestServer), and its flow
        ImportSteps globex = ImportSteps.globex();
        Path globexRoot = globex.server().folders().root(TestUsers.GLOBEX);
        String flow = "flows/" + unique("capped");
        assertTrue(globex.ftp(ftp -> ftp.makeDirectory(flow)).startsWith("257"));
        Eventually.await("globex's flow", DEADLINE, () -> Files.isDirectory(globexRoot.resolve(flow + "/import/in")));
        String database = unique("Capped");
        String mapReply = globex.ftp(ftp -> ftp.storeFile(flow + "/import/map.xml",
                new ByteArrayInputStream(map(database).getBytes(StandardCharsets.UTF_8))));
        assertTrue(mapReply.startsWith("226"), mapReply);
        StringBuilder big = new StringBuilder("Email,Name\n");
        for (int i = 0; big.length() <= TestServer.GLOBEX_FLOW_MAX_BYTES; i++) {
            big.append("user").append(i).append("@example.org,User ").append(i).append('\n');
        }

        // when a file over the cap is dropped by FTP
        String reply = globex.ftp(ftp -> ftp.storeFile(flow + "/import/in/big.csv",
                new ByteArrayInputStream(big.toString().getBytes(StandardCharsets.UTF_8))));
        assertTrue(reply.startsWith("226"), reply);

        // then it goes to ko/ with the reason, and no database was made
        Path ko = globexRoot.resolve(flow + "/import/ko");
        Eventually.await("big.csv in ko/", DEADLINE, () -> find(ko, "big.csv").map(p -> Files.exists(p.resolveSibling(
                p.getFileName() + ".res"))).orElse(false));
        Path refused = find(ko, "big.csv").orElseThrow();
        String res = res(refused);
        assertTrue(res.contains("Status: REFUSED") && res.contains("more than the 1000 bytes"), res);

        // and over HTTP the same file is answered 413 with a JSON error, nothing kept
        int port = globex.server().httpPort();
        String session = new XmlApiClient(port).loginSession(TestUsers.GLOBEX_USER, TestUsers.GLOBEX_PASSWORD);
        HttpResponse<String> dropped = postFile(port, flow.substring("flows/".length()), session, "big2.csv", big.toString());
        assertEquals(413, dropped.statusCode(), dropped.body());
        assertTrue(dropped.body().contains("\"error\":\"too_large\"") && dropped.body().contains("1000 bytes"), dropped.body());
        assertEquals(Optional.empty(), find(ko, "big2.csv"));
        assertEquals(List.of(), listOrEmpty(globexRoot.resolve(flow + "/import/in")));
    }

    @Test
    void withDispatchCsvEachRowGoesToTheDatabaseItsReferenceNamesAndTheReportCountsPerDatabase() throws IOException {
        // given two databases of the organization, and a flow whose dispatch.csv names them
        long paris = acme.createDatabase(mapping(unique("Paris")), "Email,Name\nold@example.org,Old\n");
        long lyon = acme.createDatabase(mapping(unique("Lyon")), "Email,Name\nold@example.org,Old\n");
        String flow = flow();
        put(flow + "/import/map.xml", map(unique("Dispatched")));
        put(flow + "/dispatch.csv", "reference,LIST_ID\nPAR," + paris + "\nLYS," + lyon + "\n");

        // when a file whose last column is dispatch is dropped, one of its references unknown
        put(flow + "/import/in/shops.csv", "Email,Name,dispatch\nann@example.org,Ann,PAR\nbob@example.org,Bob,LYS\n"
                + "cy@example.org,Cy,PAR\ndan@example.org,Dan,NYC\n");

        // then each row is in its database, the unknown one rejected, and the report has each database's job
        Path filed = awaitFiled(flow + "/import", "shops.csv", "ok");
        assertEquals(Set.of("old@example.org", "ann@example.org", "cy@example.org"), acme.column(paris, "EMAIL"));
        assertEquals(Set.of("old@example.org", "bob@example.org"), acme.column(lyon, "EMAIL"));
        String res = res(filed);
        assertTrue(res.contains("LIST_ID " + paris + ": COMPLETE") && res.contains("LIST_ID " + lyon + ": COMPLETE")
                && res.contains("unknown dispatch reference (rejected): 1"), res);
        Matcher jobs = JOB.matcher(res);
        List<Job> perDatabase = jobs.results().map(m -> acme.status(Long.parseLong(m.group(1)))).toList();
        assertEquals(2, perDatabase.size(), res);
        perDatabase.get(0).assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 2);
        perDatabase.get(1).assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_ADDED", 1);
        String err = Files.readString(filed.resolveSibling(filed.getFileName() + ".err"));
        assertTrue(err.contains("UNKNOWN_DISPATCH") && err.contains("NYC"), err);
        assertEquals(List.of(), listOrEmpty(root.resolve(flow + "/import/on")), "no part left behind");

        // and an opt-out folder with .explodeAndDispatch dispatches the same way
        put(flow + "/optoutEMAIL/.explodeAndDispatch", "");
        put(flow + "/optoutEMAIL/in/stop.csv", "EMAIL,dispatch\nann@example.org,PAR\nbob@example.org,LYS\n");
        awaitFiled(flow + "/optoutEMAIL", "stop.csv", "ok");
        assertTrue(acme.contact(paris, "ann@example.org").get("OPTED_OUT") != null, "ann opted out in Paris");
        assertTrue(acme.contact(lyon, "bob@example.org").get("OPTED_OUT") != null, "bob opted out in Lyon");
        assertEquals(null, acme.contact(paris, "cy@example.org").get("OPTED_OUT"));
    }

    @Test
    void aDispatchedFileWithoutTheDispatchColumnOrADispatchCsvNamingAnotherOrganizationsDatabaseGoesToKo() throws IOException {
        long theirs = ImportSteps.globex().createDatabase(mapping(unique("Theirs")), "Email,Name\nx@example.org,X\n");
        String flow = flow();
        put(flow + "/import/map.xml", map(unique("Dispatched")));
        long ours = acme.createDatabase(mapping(unique("Ours")), "Email,Name\nold@example.org,Old\n");
        put(flow + "/dispatch.csv", "A," + ours + "\n");

        put(flow + "/import/in/nocolumn.csv", "Email,Name\nann@example.org,Ann\n");
        String noColumn = res(awaitFiled(flow + "/import", "nocolumn.csv", "ko"));
        assertTrue(noColumn.contains("last column must be dispatch"), noColumn);

        put(flow + "/dispatch.csv", "A," + ours + "\nB," + theirs + "\n");
        put(flow + "/import/in/other.csv", "Email,Name,dispatch\nann@example.org,Ann,B\n");
        String other = res(awaitFiled(flow + "/import", "other.csv", "ko"));
        assertTrue(other.contains(theirs + " is not a database of the organization"), other);
        assertEquals(Set.of("x@example.org"), ImportSteps.globex().column(theirs, "EMAIL"));
    }

    /** flow.yaml as the organization reads it over FTP. */
    private String flowYaml(String flow) {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        acme.ftp(ftp -> ftp.retrieveFile(flow + "/import/flow.yaml", seen));
        return seen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anSftpPullFetchesTodaysFileOnItsCronImportsItOnceRemovesItRemotelyAndNeverShowsThePassword() throws Exception {
        // given on the remote (ListGate's own SFTP, as globex) today's file and an older one
        ImportSteps globex = ImportSteps.globex();
        String prefix = unique("profiles");
        String today = prefix + "_" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE) + ".csv";
        globex.upload(today, "Email,Name\nann@example.org,Ann\nbob@example.org,Bob\n");
        globex.upload(prefix + "_20000101.csv", "Email,Name\nold@example.org,Old\n");
        Path remote = globex.server().folders().upload(TestUsers.GLOBEX);

        // when a flow declares a pull of $YYYYMMDD files every second, deleting them after import
        String flow = flow();
        String database = unique("Pulled");
        put(flow + "/import/map.xml", map(database));
        put(flow + "/import/flow.yaml", pull("sftp", acme.server().sftpPort(), prefix + "_$YYYYMMDD.csv", true));

        // then today's file is imported once, removed remotely, and flow.yaml holds the password encrypted only
        jobOf(awaitFiled(flow + "/import", today, "ok")).assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 2);
        Eventually.await("the remote file removed", DEADLINE, () -> !Files.exists(remote.resolve(today)));
        assertTrue(Files.exists(remote.resolve(prefix + "_20000101.csv")), "another day's file is left alone");
        // (the clear password is replaced once flow.yaml has been quiet, which a fast pull may beat)
        Eventually.await("the password encrypted in flow.yaml", DEADLINE,
                () -> !flowYaml(flow).contains(TestUsers.GLOBEX_PASSWORD));
        assertTrue(flowYaml(flow).contains("passwordEncrypted: \"v1:"), flowYaml(flow));
        Thread.sleep(3000);
        assertEquals(2, listOrEmpty(root.resolve(flow + "/import/ok")).size(), "pulled and imported once");
        assertEquals(Set.of("ann@example.org", "bob@example.org"), acme.column(acme.databaseId(database), "EMAIL"));
    }

    @Test
    void anFtpPullThatKeepsTheRemoteFileFetchesEachVersionOfItOnce() throws Exception {
        ImportSteps globex = ImportSteps.globex();
        String name = unique("daily") + ".csv";
        globex.upload(name, "Email,Name\nann@example.org,Ann\n");
        String flow = flow();
        put(flow + "/import/map.xml", map(unique("PulledFtp")));

        put(flow + "/import/flow.yaml", pull("ftp", acme.server().ftpPort(), name, false));

        awaitFiled(flow + "/import", name, "ok");
        Thread.sleep(3000);
        assertEquals(2, listOrEmpty(root.resolve(flow + "/import/ok")).size(), "the same version is not fetched again");
        assertTrue(Files.exists(globex.server().folders().upload(TestUsers.GLOBEX).resolve(name)), "kept remotely");
    }

    @Test
    void anFtpsPullTrustsTheSelfSignedRemoteOnlyByItsPinnedCertificate() throws Exception {
        // given globex's file on this server's FTPS (explicit TLS, self-signed certificate)
        ImportSteps globex = ImportSteps.globex();
        String name = unique("tls") + ".csv";
        globex.upload(name, "Email,Name\nann@example.org,Ann\n");
        String pinned = flow();
        String unpinned = flow();
        put(pinned + "/import/map.xml", map(unique("PulledFtps")));
        put(unpinned + "/import/map.xml", map(unique("PulledFtpsNot")));

        // when one flow pins the certificate's SHA-256 and the other relies on the JDK's authorities
        put(pinned + "/import/flow.yaml", pull("ftps", acme.server().ftpPort(), name, false)
                + "  trustedCertificate: '" + keys().certificateFingerprint() + "'\n");
        put(unpinned + "/import/flow.yaml", pull("ftps", acme.server().ftpPort(), name, false));

        // then the pinned one imports the file, the other refuses the certificate and says so in pull.err
        awaitFiled(pinned + "/import", name, "ok");
        Path error = root.resolve(unpinned + "/import/" + FlowPuller.PULL_ERROR);
        Eventually.await("pull.err of the unpinned flow", DEADLINE, () -> Files.exists(error));
        assertTrue(Files.readString(error).contains("pull failed"), Files.readString(error));
        assertTrue(listOrEmpty(root.resolve(unpinned + "/import/in")).isEmpty(), "nothing fetched without trust");
        assertFalse(Files.exists(root.resolve(pinned + "/import/" + FlowPuller.PULL_ERROR)));
        stopPulls(pinned, unpinned);
    }

    @Test
    void anSftpPullChecksTheHostKeyPinnedInFlowYamlOrRecordedAtTheFirstPull() throws Exception {
        // given globex's file on this server's SFTP
        ImportSteps globex = ImportSteps.globex();
        String name = unique("keyed") + ".csv";
        globex.upload(name, "Email,Name\nann@example.org,Ann\n");
        int port = acme.server().sftpPort();
        String fingerprint = keys().sshHostKeyFingerprint();
        String knownHosts = "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(keys().sshHostKey().getPublic());
        String pinned = flow();
        String firstUse = flow();
        String changed = flow();
        for (String flow : List.of(pinned, firstUse, changed)) {
            put(flow + "/import/map.xml", map(unique("PulledKey")));
        }
        // a key recorded at an earlier first pull that the remote no longer has
        Files.writeString(root.resolve(changed + "/" + FlowTrust.HOST_KEYS),
                "127.0.0.1:" + port + " SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");

        // when
        put(pinned + "/import/flow.yaml", pull("sftp", port, name, false) + "  hostKey: '" + knownHosts + "'\n");
        put(firstUse + "/import/flow.yaml", pull("sftp", port, name, false));
        put(changed + "/import/flow.yaml", pull("sftp", port, name, false));

        // then the matching keys pull, the first use records the key, the changed key is refused with why
        awaitFiled(pinned + "/import", name, "ok");
        awaitFiled(firstUse + "/import", name, "ok");
        assertEquals("127.0.0.1:" + port + " " + fingerprint,
                Files.readString(root.resolve(firstUse + "/" + FlowTrust.HOST_KEYS)).strip());
        Path error = root.resolve(changed + "/import/" + FlowPuller.PULL_ERROR);
        Eventually.await("pull.err of the flow whose remote changed its key", DEADLINE, () -> Files.exists(error));
        String why = Files.readString(error);
        assertTrue(why.contains("its host key is " + fingerprint + ", not the trusted SHA256:AAAA"), why);
        assertTrue(listOrEmpty(root.resolve(changed + "/import/in")).isEmpty(), "nothing fetched from an untrusted host");
        stopPulls(pinned, firstUse, changed);
    }

    /** Pulls every second cost the other tests' CPU: without flow.yaml the scanner unschedules them. */
    private void stopPulls(String... flows) throws IOException {
        for (String flow : flows) {
            Files.delete(root.resolve(flow + "/import/flow.yaml"));
        }
    }

    @Test
    void anSftpPullSignsInWithAPrivateKeyFromTheOrganizationsFolderOrInlineAndEncrypted() throws Exception {
        // given globex's file, and the private key of globex's user (its ssh_keys) as acme was given it
        ImportSteps globex = ImportSteps.globex();
        String name = unique("bykey") + ".csv";
        globex.upload(name, "Email,Name\nann@example.org,Ann\n");
        String keyText = Files.readString(TestUsers.globexApiKey(acme.server().config().home()));
        String keyFile = unique("crm") + ".key";
        put("upload/" + keyFile, keyText);
        String fromFile = flow();
        String inline = flow();
        put(fromFile + "/import/map.xml", map(unique("PulledByKeyFile")));
        put(inline + "/import/map.xml", map(unique("PulledByInlineKey")));

        // when the pulls name no password, only a key
        put(fromFile + "/import/flow.yaml", keyPull(name, "  privateKey: /upload/" + keyFile + "\n"));
        put(inline + "/import/flow.yaml", keyPull(name, "  privateKey: |\n    " + keyText.strip().replace("\n", "\n    ") + "\n"));

        // then both import the file, and the inline key is kept only encrypted
        awaitFiled(fromFile + "/import", name, "ok");
        awaitFiled(inline + "/import", name, "ok");
        Eventually.await("the inline key encrypted in flow.yaml", DEADLINE, () -> !flowYaml(inline).contains("PRIVATE KEY"));
        assertTrue(flowYaml(inline).contains("privateKeyEncrypted: \"v1:"), flowYaml(inline));
        stopPulls(fromFile, inline);
    }

    /** A flow.yaml pulling {@code file} from globex's upload/ over SFTP every second with a key instead of a password. */
    private String keyPull(String file, String keyLines) {
        return """
                pull:
                  protocol: sftp
                  host: 127.0.0.1
                  port: %d
                  user: '%s'
                  path: /upload
                  file: '%s'
                  cron: '* * * * * ?'
                """.formatted(acme.server().sftpPort(), TestUsers.GLOBEX_USER, file) + keyLines;
    }

    @Test
    void aHostKeyThatIsNoKeyIsRefusedWithTheReason() throws Exception {
        String flow = flow();
        put(flow + "/import/map.xml", map(unique("PulledBadKey")));
        put(flow + "/import/flow.yaml", pull("sftp", acme.server().sftpPort(), "x.csv", false) + "  hostKey: 'not a key'\n");
        put(flow + "/import/in/any.csv", "Email,Name\nann@example.org,Ann\n");

        String report = res(awaitFiled(flow + "/import", "any.csv", "ko"));
        assertTrue(report.contains("hostKey must be a SHA256:... fingerprint"), report);
    }

    private KeyMaterial keys() {
        return KeyMaterial.loadOrCreate(acme.server().config().keysDir(), ListGateConfig.Https.DEFAULT_HOST_NAMES);
    }

    /** A flow.yaml pulling from globex's upload/ on this server every second. */
    private static String pull(String protocol, int port, String file, boolean delete) {
        return """
                pull:
                  protocol: %s
                  host: 127.0.0.1
                  port: %d
                  user: '%s'
                  password: '%s'
                  path: /upload
                  file: '%s'
                  cron: '* * * * * ?'
                  deleteAfterImport: %s
                """.formatted(protocol, port, TestUsers.GLOBEX_USER, TestUsers.GLOBEX_PASSWORD, file, delete);
    }

    private static MappingXml mapping(String database) {
        return MappingXml.create(database).key("EMAIL", 0).column("Name", 0).map("EMAIL", "Name");
    }

    /** POSTs one file as multipart part {@code file} to a flow root's HTTP door. */
    private static HttpResponse<String> postFile(int port, String flowRoot, String session, String name, String content)
            throws IOException, InterruptedException {
        String boundary = "----listgate" + unique("b");
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flows/" + flowRoot
                        + "/files;jsessionid=" + session))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> listOrEmpty(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
