package io.listgate.flows;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.ftp.Eventually;
import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.Test;

/**
 * The SMS, VOICE and VOICEMAIL opt-out and opt-in folders end to end: files dropped over FTP and
 * SFTP name contacts by the database's key or by the channel's phone column (TYPE 15 for SMS and
 * VOICEMAIL, 16 for VOICE, as map.xml defined them), and change only that channel's consent.
 */
class HotFolderChannelsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern JOB = Pattern.compile("ListGate import job ([0-9]+)");
    private static final String CONTACTS = "Email,Name,Mobile,Phone\n"
            + "ann@example.org,Ann,+33 6 12 34 56 78,01 11 11 11 11\n"
            + "bob@example.org,Bob,+33612345679,01.22.22.22.22\n"
            + "cy@example.org,Cy,,(01) 33-33-33-33\n";

    private final ImportSteps acme = ImportSteps.acme();

    /** A flow of the organization whose mapping creates a database with a mobile and a fixed-phone column, filled. */
    private static Flow flowWithContacts(ImportSteps steps, String organization) {
        Path root = steps.server().folders().root(organization);
        String flow = "flows/" + unique("chan");
        String reply = steps.ftp(ftp -> ftp.makeDirectory(flow));
        assertTrue(reply.startsWith("257"), reply);
        Eventually.await("the server to lay out " + flow, DEADLINE,
                () -> Files.isDirectory(root.resolve(flow + "/optoutVOICEMAIL/in")));
        String database = unique("Chan");
        Flow f = new Flow(steps, root, flow);
        f.put("import/map.xml", MappingXml.create(database).key("EMAIL", 0).column("Name", 0).column("Mobile", 15)
                .column("Phone", 16).map("EMAIL", "Name", "Mobile", "Phone").xml());
        f.put("import/in/all.csv", CONTACTS);
        f.job(f.awaitFiled("import", "all.csv", "ok")).assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 3, "SQL_ADDED", 3);
        f.db = steps.databaseId(database);
        return f;
    }

    @Test
    void anSmsOptOutFileNamesContactsByTheirMobileDigitsAndRejectsUnknownNumbersWithoutAddingThem() throws IOException {
        Flow flow = flowWithContacts(acme, TestUsers.ACME);

        // when an optoutSMS file names Ann's mobile written otherwise, and a number nobody has
        flow.put("optoutSMS/in/stop.csv", "Mobile\n+33 (6) 12-34.56.78\n+33 6 00 00 00 00\n");

        // then Ann's SMS consent is OPTED-OUT, dated and sourced; the unknown number is a rejected row
        Path filed = flow.awaitFiled("optoutSMS", "stop.csv", "ok");
        Job job = flow.job(filed).assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "OPTED_OUT", 1, "NOT_ALLOWED", 1);
        assertTrue(job.description().contains("OPT_OUT SMS"), job.description());
        String res = res(filed);
        assertTrue(res.contains("OPTED_OUT: 1") && res.contains("NOT_ALLOWED: 1"), res);
        String err = Files.readString(filed.resolveSibling(filed.getFileName() + ".err"));
        assertTrue(err.contains("NO_CONTACT") && err.contains("+33600000000"), err);
        Map<String, String> ann = acme.contact(flow.db, "ann@example.org");
        assertEquals("OPTED-OUT", ann.get("CONSENT_STATUS_CODE"));
        assertEquals("Hot folder optoutSMS", ann.get("CONSENT_SOURCE"));
        assertNotNull(ann.get("CONSENT_DATE"));
        assertNull(ann.get("OPTED_OUT"), "the email opt-out is another channel's");
        assertNull(acme.contact(flow.db, "bob@example.org").get("CONSENT_STATUS_CODE"), "bob is not touched");
        assertEquals(3, acme.contacts(flow.db).size(), "an unknown number is not a new contact");
        XmlApiClient.Reply shown = acme.call("<SelectRecipientData><LIST_ID>" + flow.db + "</LIST_ID>"
                + "<EMAIL>ann@example.org</EMAIL></SelectRecipientData>");
        assertEquals("OPTED-OUT", shown.xpath("/Envelope/Body/RESULT/CONSENT_STATUS_CODE"), shown.body());
        assertEquals("Hot folder optoutSMS", shown.xpath("/Envelope/Body/RESULT/CONSENT_SOURCE"), shown.body());

        // and an optinSMS file naming Ann by the database's key opts her back in
        flow.put("optinSMS/in/back.csv", "EMAIL\nANN@example.org\n");
        flow.job(flow.awaitFiled("optinSMS", "back.csv", "ok")).assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_UPDATED", 1);
        ann = acme.contact(flow.db, "ann@example.org");
        assertEquals("OPTED-IN", ann.get("CONSENT_STATUS_CODE"));
        assertEquals("Hot folder optinSMS", ann.get("CONSENT_SOURCE"));
    }

    @Test
    void voiceNamesContactsByTheFixedPhoneOverSftpAndVoicemailByTheMobileEachInItsOwnConsent() throws Exception {
        Flow flow = flowWithContacts(acme, TestUsers.ACME);

        // when an optoutVOICE file comes over SFTP naming Cy's fixed phone, and an optoutVOICEMAIL file Bob's mobile
        sftpPut(acme, "/" + flow.path + "/optoutVOICE/in/calls.csv", "Name,Phone\nwhoever,01 33 33 33 33\n");
        flow.put("optoutVOICEMAIL/in/vm.csv", "Mobile\n+33612345679\n+33612345679\n");

        // then each channel's consent changes alone
        flow.job(flow.awaitFiled("optoutVOICE", "calls.csv", "ok")).assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "OPTED_OUT", 1);
        flow.job(flow.awaitFiled("optoutVOICEMAIL", "vm.csv", "ok"))
                .assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "OPTED_OUT", 1, "DUPLICATES", 1);
        assertEquals(List.of("ann@example.org|null|null|null", "bob@example.org|null|null|OPTED-OUT",
                "cy@example.org|null|OPTED-OUT|null"), consents(acme, flow.db));
        assertEquals("Hot folder optoutVOICE", acme.query("SELECT voice_consent_source FROM contacts_" + flow.db
                + " WHERE email = 'cy@example.org'").get(0)[0]);

        // and an optinVOICE file opts Cy back in for calls only
        flow.put("optinVOICE/in/ok.csv", "Phone\n0133333333\n");
        flow.job(flow.awaitFiled("optinVOICE", "ok.csv", "ok")).assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_UPDATED", 1);
        assertEquals("cy@example.org|null|OPTED-IN|null", consents(acme, flow.db).get(2));
    }

    @Test
    void aChannelFileNamingNeitherTheKeyNorThePhoneColumnGoesToKoSayingWhich() throws IOException {
        Flow flow = flowWithContacts(acme, TestUsers.ACME);

        flow.put("optoutVOICE/in/bad.csv", "Mobile\n+33612345679\n");

        Path filed = flow.awaitFiled("optoutVOICE", "bad.csv", "ko");
        String res = res(filed);
        assertTrue(res.contains("must name the column EMAIL or Phone"), res);
        assertEquals(List.of("ann@example.org|null|null|null", "bob@example.org|null|null|null",
                "cy@example.org|null|null|null"), consents(acme, flow.db));
    }

    @Test
    void aFileNamingOneOfTwoMobileColumnsGoesToKoButOneNamingTheKeyIsTaken() throws IOException {
        // given a database whose map.xml made two columns of TYPE 15
        Path root = acme.server().folders().root(TestUsers.ACME);
        String path = "flows/" + unique("two");
        assertTrue(acme.ftp(ftp -> ftp.makeDirectory(path)).startsWith("257"));
        Eventually.await("the server to lay out " + path, DEADLINE, () -> Files.isDirectory(root.resolve(path + "/optinSMS/in")));
        Flow flow = new Flow(acme, root, path);
        String database = unique("Two");
        flow.put("import/map.xml", MappingXml.create(database).key("EMAIL", 0).column("Mobile", 15).column("Work Mobile", 15)
                .map("EMAIL", "Mobile", "Work Mobile").xml());
        flow.put("import/in/all.csv", "Email,Mobile,Work Mobile\nann@example.org,+33612345678,+33700000000\n");
        flow.awaitFiled("import", "all.csv", "ok");
        long db = acme.databaseId(database);

        // when one file names the contact by a mobile column, another by EMAIL
        flow.put("optoutSMS/in/mobile.csv", "Work Mobile\n+33700000000\n");
        flow.put("optoutSMS/in/email.csv", "EMAIL\nann@example.org\n");

        // then the first cannot say which column is the mobile one, the second opts Ann out
        String res = res(flow.awaitFiled("optoutSMS", "mobile.csv", "ko"));
        assertTrue(res.contains("several columns of TYPE 15 (Mobile, Work Mobile)"), res);
        flow.job(flow.awaitFiled("optoutSMS", "email.csv", "ok")).assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "OPTED_OUT", 1);
        assertEquals("OPTED-OUT", acme.contact(db, "ann@example.org").get("CONSENT_STATUS_CODE"));
    }

    @Test
    void anOrganizationsOptOutNeverReachesAnotherOrganizationsContactsWithTheSameNumbers() throws IOException {
        // given acme and globex, each with a flow whose contacts have the same numbers
        ImportSteps globex = ImportSteps.globex();
        Flow ours = flowWithContacts(acme, TestUsers.ACME);
        Flow theirs = flowWithContacts(globex, TestUsers.GLOBEX);

        // when acme opts Ann out of SMS and globex opts Bob out of voicemail
        ours.put("optoutSMS/in/stop.csv", "Mobile\n+33612345678\n");
        theirs.put("optoutVOICEMAIL/in/stop.csv", "Mobile\n+33612345679\n");
        ours.job(ours.awaitFiled("optoutSMS", "stop.csv", "ok")).assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "OPTED_OUT", 1);
        theirs.job(theirs.awaitFiled("optoutVOICEMAIL", "stop.csv", "ok")).assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "OPTED_OUT", 1);

        // then each organization's change stays its own
        assertEquals(List.of("ann@example.org|OPTED-OUT|null|null", "bob@example.org|null|null|null",
                "cy@example.org|null|null|null"), consents(acme, ours.db));
        assertEquals(List.of("ann@example.org|null|null|null", "bob@example.org|null|null|OPTED-OUT",
                "cy@example.org|null|null|null"), consents(globex, theirs.db));
    }

    @Test
    void anSmsOptOutFolderWithExplodeAndDispatchSendsEachRowToItsDatabase() throws IOException {
        // given two databases with the same numbers, and a flow whose dispatch.csv names them
        Flow paris = flowWithContacts(acme, TestUsers.ACME);
        Flow lyon = flowWithContacts(acme, TestUsers.ACME);
        Flow flow = flowWithContacts(acme, TestUsers.ACME);
        flow.put("dispatch.csv", "reference,LIST_ID\nPAR," + paris.db + "\nLYS," + lyon.db + "\n");
        flow.put("optoutSMS/.explodeAndDispatch", "");

        // when an optoutSMS file names Ann for Paris, Bob for Lyon and an unknown number for Paris
        flow.put("optoutSMS/in/stop.csv", "Mobile,dispatch\n+33612345678,PAR\n+33612345679,LYS\n+33699999999,PAR\n");

        // then each database's contact alone is opted out of SMS, and the unknown number is rejected
        Path filed = flow.awaitFiled("optoutSMS", "stop.csv", "ok");
        String res = res(filed);
        assertTrue(res.contains("LIST_ID " + paris.db + ": COMPLETE") && res.contains("LIST_ID " + lyon.db + ": COMPLETE"), res);
        assertEquals(List.of("ann@example.org|OPTED-OUT|null|null", "bob@example.org|null|null|null",
                "cy@example.org|null|null|null"), consents(acme, paris.db));
        assertEquals(List.of("ann@example.org|null|null|null", "bob@example.org|OPTED-OUT|null|null",
                "cy@example.org|null|null|null"), consents(acme, lyon.db));
        String err = Files.readString(filed.resolveSibling(filed.getFileName() + ".err"));
        assertTrue(err.contains("NO_CONTACT") && err.contains("+33699999999"), err);
    }

    /** Each contact as {@code email|SMS|VOICE|VOICEMAIL} consent status, in recipient order (VOICE's columns may not exist yet). */
    private static List<String> consents(ImportSteps steps, long db) {
        boolean voice = !steps.query("SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = ? AND COLUMN_NAME = 'voice_consent_status'", "contacts_" + db).isEmpty();
        boolean voicemail = !steps.query("SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = ? AND COLUMN_NAME = 'voicemail_consent_status'", "contacts_" + db).isEmpty();
        String sql = "SELECT email, consent_status, " + (voice ? "voice_consent_status" : "NULL") + ", "
                + (voicemail ? "voicemail_consent_status" : "NULL") + " FROM contacts_" + db + " ORDER BY recipient_id";
        return steps.query(sql).stream().map(r -> String.join("|", String.valueOf(r[0]), String.valueOf(r[1]),
                String.valueOf(r[2]), String.valueOf(r[3]))).toList();
    }

    private static void sftpPut(ImportSteps steps, String path, String text) throws Exception {
        try (SshClient ssh = SshClient.setUpDefaultClient()) {
            ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            ssh.start();
            try (ClientSession session = ssh.connect(steps.username(), "127.0.0.1", steps.server().sftpPort())
                    .verify(10, TimeUnit.SECONDS).getSession()) {
                session.addPasswordIdentity(steps.password());
                session.auth().verify(10, TimeUnit.SECONDS);
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
                     OutputStream out = sftp.write(path)) {
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static String res(Path filed) throws IOException {
        return Files.readString(filed.resolveSibling(filed.getFileName() + ".res"));
    }

    /** A flow root of one organization: its path from the organization's root, and its database once made. */
    private static final class Flow {
        private final ImportSteps steps;
        private final Path root;
        private final String path;
        private long db;

        Flow(ImportSteps steps, Path root, String path) {
            this.steps = steps;
            this.root = root;
            this.path = path;
        }

        /** Drops a file over FTP, then its marker, so it is taken at once. */
        void put(String relative, String text) {
            store(path + "/" + relative, text);
            if (relative.contains("/in/")) {
                store(path + "/" + relative + ".done", "");
            }
        }

        private void store(String file, String text) {
            String reply = steps.ftp(ftp -> ftp.storeFile(file, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
            assertTrue(reply.startsWith("226"), file + ": " + reply);
        }

        /** Waits until the file (named as dropped) is in the folder's ok/ or ko/ with its report; returns its path there. */
        Path awaitFiled(String folder, String name, String outcome) {
            Path target = root.resolve(path).resolve(folder).resolve(outcome);
            Eventually.await(name + " in " + folder + "/" + outcome, DEADLINE, () -> find(target, name)
                    .map(p -> Files.exists(p.resolveSibling(p.getFileName() + ".res"))).orElse(false));
            return find(target, name).orElseThrow();
        }

        Job job(Path filed) {
            try {
                Matcher m = JOB.matcher(res(filed));
                assertTrue(m.find(), "the .res names its job");
                return steps.status(Long.parseLong(m.group(1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Optional<Path> find(Path folder, String name) {
            try (Stream<Path> files = Files.list(folder)) {
                return files.filter(p -> p.getFileName().toString().matches("[0-9]+_" + Pattern.quote(name))).findFirst();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
