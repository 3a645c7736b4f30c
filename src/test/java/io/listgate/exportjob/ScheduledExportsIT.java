package io.listgate.exportjob;

import static io.listgate.support.ImportSteps.unique;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.listgate.Server;
import io.listgate.config.ListGateConfig;
import io.listgate.contacts.SystemColumn;
import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Scheduled exports (issue 11, ADR 0023) against the real server: a run for a day writes the changed
 * contacts and the per-channel opt-outs to {@code reporting/<day>/}, a rerun replaces them, clients
 * delete them over FTP, housekeeping compresses and removes them by age, and two nodes on one
 * database write a day's files once.
 */
class ScheduledExportsIT {

    private static final String CHANGED_HEADER = "RECIPIENT_ID,Email,Opt In Date,Opted Out,Opt In Details,Email Type,"
            + "Opted Out Date,Name";
    private static final String OPTOUTS_HEADER = "RECIPIENT_ID,Email,Channel,Opted Out Date,Name";
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;

    private final ImportSteps acme = ImportSteps.acme();

    @Test
    void aRunForADayWritesOnlyTheContactsChangedThatDayAndTheOptOutsWithTheirChannelAndARerunReplacesThem()
            throws Exception {
        // given four contacts: ada and bob unchanged for three days, but ada left SMS and bob VOICE today; carl
        // changed today; dan opted out of email today
        String name = unique("Daily");
        long listId = acme.createDatabase(MappingXml.create(name).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name"),
                "Email,Name\nada@example.org,Ada\nbob@example.org,Bob\ncarl@example.org,\"Carl, Jr\"\ndan@example.org,Dan\n");
        assertEquals("COMPLETE", acme.run(MappingXml.into("OPT_OUT", listId).map("EMAIL"), "Email\ndan@example.org\n").status());
        sql("UPDATE contacts_" + listId + " SET last_modified = NOW(3) - INTERVAL 3 DAY"
                + " WHERE email IN ('ada@example.org', 'bob@example.org')");
        sql("UPDATE contacts_" + listId + " SET consent_status = 'OPTED-OUT', consent_date = NOW(3)"
                + " WHERE email = 'ada@example.org'");
        // VOICE's consent columns, as the first optoutVOICE/ file on this database adds them
        sql("ALTER TABLE contacts_" + listId + " ADD COLUMN voice_consent_status " + SystemColumn.CONSENT_STATUS.type()
                + " NULL, ADD COLUMN voice_consent_date " + SystemColumn.CONSENT_DATE.type() + " NULL, ADD COLUMN"
                + " voice_consent_source " + SystemColumn.CONSENT_SOURCE.type() + " NULL");
        sql("UPDATE contacts_" + listId + " SET voice_consent_status = 'OPTED-OUT', voice_consent_date = NOW(3)"
                + " WHERE email = 'bob@example.org'");
        LocalDate today = LocalDate.now();

        // when
        ScheduledExports.Queued run = acme.server().scheduledExports().run(TestUsers.ACME, name, today, ZoneId.systemDefault());

        // then the run is a job GetJobStatus knows, and both files are there with only that day's contacts
        Job job = acme.awaitJob(run.jobId());
        assertEquals("COMPLETE", job.status(), job.description());
        assertEquals("Scheduled export of " + name + " for " + today, job.description());
        Path folder = acme.server().folders().root(TestUsers.ACME).resolve("reporting").resolve(today.toString());
        String changedName = name + "_changed_" + COMPACT.format(today) + ".csv";
        String optOutsName = name + "_optouts_" + COMPACT.format(today) + ".csv";
        assertEquals("reporting/" + today + "/" + changedName, run.changedFile());
        List<String> changed = lines(folder.resolve(changedName));
        assertEquals(CHANGED_HEADER, changed.get(0));
        assertEquals(3, changed.size(), changed.toString());
        assertTrue(changed.get(1).matches("\\d+,carl@example.org," + today + " \\d\\d:\\d\\d:\\d\\d,F,,0,,\"Carl, Jr\""),
                changed.get(1));
        assertTrue(changed.get(2).matches("\\d+,dan@example.org,.*,T,,0," + today + " \\d\\d:\\d\\d:\\d\\d,Dan"),
                changed.get(2));
        List<String> optOuts = lines(folder.resolve(optOutsName));
        assertEquals(OPTOUTS_HEADER, optOuts.get(0));
        assertEquals(4, optOuts.size(), optOuts.toString());
        assertTrue(optOuts.get(1).matches("\\d+,ada@example.org,SMS," + today + " \\d\\d:\\d\\d:\\d\\d,Ada"), optOuts.get(1));
        assertTrue(optOuts.get(2).matches("\\d+,bob@example.org,VOICE," + today + " \\d\\d:\\d\\d:\\d\\d,Bob"), optOuts.get(2));
        assertTrue(optOuts.get(3).matches("\\d+,dan@example.org,EMAIL," + today + " \\d\\d:\\d\\d:\\d\\d,Dan"), optOuts.get(3));
        assertTrue(Files.readString(folder.resolve(changedName), UTF_8).contains("\r\n"), "rows end in CRLF");

        // when run again for the same day
        Job again = acme.awaitJob(acme.server().scheduledExports().run(TestUsers.ACME, name, today, ZoneId.systemDefault())
                .jobId());

        // then its files replace the first ones: the same two names, the same contacts, no part file left
        assertEquals("COMPLETE", again.status(), again.description());
        assertEquals(List.of(changedName, optOutsName), filesOf(folder, name));
        assertEquals(changed, lines(folder.resolve(changedName)));
        assertEquals(optOuts, lines(folder.resolve(optOutsName)));

        // and the organization reads them over FTP, may delete them, may not write there
        String fetched = acme.ftp(ftp -> ftp.retrieveFile("reporting/" + today + "/" + changedName, new ByteArrayOutputStream()));
        assertTrue(fetched.startsWith("226"), fetched);
        String stored = acme.ftp(ftp -> ftp.storeFile("reporting/" + today + "/x.csv", InputStream.nullInputStream()));
        assertTrue(stored.startsWith("550") || stored.startsWith("553"), stored);
        String deleted = acme.ftp(ftp -> ftp.deleteFile("reporting/" + today + "/" + optOutsName));
        assertTrue(deleted.startsWith("250"), deleted);
        assertFalse(Files.exists(folder.resolve(optOutsName)));
    }

    @Test
    void housekeepingCompressesFilesOlderThanADayAndRemovesFilesOlderThanAWeek() throws IOException {
        // given a fresh file, one of 25 hours and one of 8 days in today's folder, and an old day's folder
        Path reporting = acme.server().folders().root(TestUsers.ACME).resolve("reporting");
        Path today = Files.createDirectories(reporting.resolve(LocalDate.now().toString()));
        Path oldDay = Files.createDirectories(reporting.resolve(LocalDate.now().minusDays(9).toString()));
        String tag = unique("Tidy");
        Path fresh = write(today.resolve(tag + "_fresh.csv"), Duration.ZERO);
        Path dayOld = write(today.resolve(tag + "_dayold.csv"), Duration.ofHours(25));
        Path weekOld = write(today.resolve(tag + "_weekold.csv.gz"), Duration.ofDays(8));
        Path inOldDay = write(oldDay.resolve(tag + "_old.csv"), Duration.ofDays(9));

        // when
        acme.server().scheduledExports().tidy();

        // then
        assertTrue(Files.exists(fresh));
        assertFalse(Files.exists(dayOld));
        Path gz = today.resolve(tag + "_dayold.csv.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertEquals("RECIPIENT_ID\r\n1\r\n", new String(in.readAllBytes(), UTF_8));
        }
        assertEquals(Files.getLastModifiedTime(fresh).toMillis() - Duration.ofHours(25).toMillis(),
                Files.getLastModifiedTime(gz).toMillis(), 5_000, "the compressed file keeps the original's age");
        assertFalse(Files.exists(weekOld));
        assertFalse(Files.exists(inOldDay));
        assertFalse(Files.exists(oldDay), "an emptied folder of a day over a week ago goes too");
        assertTrue(Files.isDirectory(today));
    }

    @Test
    void twoNodesSharingOneDatabaseWriteADaysFilesOnceAtTheSetTime() throws Exception {
        // given a database changed yesterday, and two more nodes on the shared server's database (a cluster of
        // three: any of them may fire), both declaring its daily export a few seconds from now
        String name = unique("Cluster");
        long listId = acme.createDatabase(MappingXml.create(name).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name"),
                "Email,Name\nann@example.org,Ann\nben@example.org,Ben\n");
        ZoneId zone = ZoneId.systemDefault();
        ZonedDateTime firing = ZonedDateTime.now(zone).plusSeconds(30).withNano(0);
        LocalTime at = firing.toLocalTime();
        // a run exports the day before its firing
        LocalDate day = firing.toLocalDate().minusDays(1);
        sql("UPDATE contacts_" + listId + " SET last_modified = '" + day + " 12:00:00'");
        Server first = TestServer.shared();
        String description = "Scheduled export of " + name + " for " + day;
        try (Server a = node("daily-a", name, at, zone, first, Clock.systemDefaultZone());
             Server b = node("daily-b", name, at, zone, first, Clock.systemDefaultZone())) {
            // when the time comes, then one job runs and completes
            Instant deadline = Instant.now().plusSeconds(120);
            List<String[]> rows = List.of();
            while (Instant.now().isBefore(deadline)) {
                rows = acme.query("SELECT id FROM import_job WHERE description = ?", description);
                if (!rows.isEmpty() && "COMPLETE".equals(acme.status(Long.parseLong(rows.get(0)[0])).status())) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(1, rows.size(), "a job ran");
            assertEquals("COMPLETE", acme.status(Long.parseLong(rows.get(0)[0])).status());
            // and no second one follows on the other node
            Instant settled = Instant.now().plusSeconds(8);
            while (Instant.now().isBefore(settled)) {
                assertEquals(1, acme.query("SELECT id FROM import_job WHERE description = ?", description).size());
                Thread.sleep(500);
            }
        }
        Path folder = first.folders().root(TestUsers.ACME).resolve("reporting").resolve(day.toString());
        String changedName = name + "_changed_" + COMPACT.format(day) + ".csv";
        assertEquals(List.of(changedName, name + "_optouts_" + COMPACT.format(day) + ".csv"), filesOf(folder, name));
        assertEquals(3, lines(folder.resolve(changedName)).size());
    }

    /** A node on the shared server's database and data directory whose users file declares the daily export. */
    private static Server node(String label, String list, LocalTime at, ZoneId zone, Server first, Clock clock)
            throws IOException {
        Path home = TestServer.newHome(label);
        // beside the test users file, which TestServer.config writes again
        Path users = home.resolve("users-daily.yaml");
        String yaml = Files.readString(TestUsers.writeUsersFile(home)).replace("  - name: acme\n", "  - name: acme\n"
                + "    scheduled_exports:\n"
                + "      - list: \"" + list + "\"\n"
                + "        at: \"" + at.format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "\"\n"
                + "        zone: \"" + zone.getId() + "\"\n");
        assertTrue(yaml.contains("scheduled_exports"), yaml);
        Files.writeString(users, yaml);
        String url = ((HikariDataSource) first.database().dataSource()).getJdbcUrl();
        return Server.create(TestServer.config(home).withUsersFile(users)
                .withExternalDb(new ListGateConfig.ExternalDatabase(url, "root", ""))
                .withDataDir(first.config().dataDir()), clock).start();
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = acme.server().database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private static Path write(Path file, Duration age) throws IOException {
        Files.writeString(file, "RECIPIENT_ID\r\n1\r\n", UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    private static List<String> lines(Path file) {
        try {
            return List.of(Files.readString(file, UTF_8).split("\r\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names in the folder that start with {@code prefix}, hidden part files included, sorted. */
    private static List<String> filesOf(Path folder, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) || n.startsWith("."))
                    .sorted().toList();
        }
    }
}
