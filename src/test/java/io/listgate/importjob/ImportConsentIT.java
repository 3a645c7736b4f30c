package io.listgate.importjob;

import static io.listgate.support.ImportSteps.sample;
import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SMS consent through ImportList with the sample {@code sms_consent_map.xml} / {@code sms_consent.psv}:
 * HONOR_OPT_OUT_STATUS true, false, empty and absent, OVERRIDE_ON_NO_CHANGE true and false, bad codes.
 */
class ImportConsentIT {

    private static final String[] CONSENT_FIELDS = {"Sms Phone", "First name", "CONSENT_STATUS_CODE", "CONSENT_DATE",
            "CONSENT_SOURCE"};

    private final ImportSteps acme = ImportSteps.acme();

    /**
     * A database keyed on the SMS phone where Rosa (…0001) has opted out and Tomas (…0002) opted in,
     * both on 01/01/2026 from "Seed".
     */
    private long seededDatabase() {
        MappingXml create = MappingXml.create(unique("Sms")).key("Sms Phone", 15).column("First name", 0)
                .fileType(2).consent(null, null).map(CONSENT_FIELDS);
        return acme.createDatabase(create, "Sms Phone|First name|Consent|Consent Date|Consent Source\n"
                + "15551230001|Rosa|OPTED-OUT|01/01/2026|Seed\n15551230002|Tomas|OPTED-IN|01/01/2026|Seed\n");
    }

    private Map<String, String> byPhone(long listId, String phone) {
        return acme.contacts(listId).stream().filter(c -> phone.equals(c.get("Sms Phone"))).findFirst()
                .orElseThrow(() -> new AssertionError("no contact with Sms Phone " + phone));
    }

    /** The sample mapping with these flag elements: "true", "false", "" (empty element) or null (absent). */
    private static String sampleMapping(long listId, String honor, String override) {
        String xml = sample("sms_consent_map.xml").replace("__LIST_ID__", String.valueOf(listId))
                .replace("<HONOR_OPT_OUT_STATUS>true</HONOR_OPT_OUT_STATUS>", MappingXml.flag("HONOR_OPT_OUT_STATUS", honor))
                .replace("<OVERRIDE_ON_NO_CHANGE>false</OVERRIDE_ON_NO_CHANGE>", MappingXml.flag("OVERRIDE_ON_NO_CHANGE", override));
        return xml;
    }

    private Job importSample(long listId, String honor, String override) {
        return acme.run(sampleMapping(listId, honor, override), sample("sms_consent.psv").getBytes(StandardCharsets.UTF_8),
                null);
    }

    @Test
    void theSampleImportUpdatesBothContactsAndRejectsTheBadConsentCode() {
        // given
        long listId = seededDatabase();

        // when
        Job job = importSample(listId, "true", "false");

        // then Mei's MAYBE is no consent code: her row is rejected, nobody is added for her
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 2, "SQL_UPDATED", 2, "BAD_RECORDS", 1);
        String errors = acme.download(job.id() + ".err");
        assertTrue(errors.contains("3,BAD_CONSENT") && errors.contains("MAYBE"), errors);
        assertEquals(2, acme.contacts(listId).size());
        Map<String, String> tomas = byPhone(listId, "15551230002");
        assertEquals("OPTED-OUT", tomas.get("CONSENT_STATUS_CODE"));
        assertTrue(tomas.get("CONSENT_DATE").startsWith("2026-11-03"), tomas.toString());
        assertEquals("Reply STOP", tomas.get("CONSENT_SOURCE"));
    }

    @ParameterizedTest(name = "HONOR_OPT_OUT_STATUS {0}, OVERRIDE_ON_NO_CHANGE {1}")
    @CsvSource(nullValues = "ABSENT", value = {
            // honor, override, Rosa's status, date, source afterwards
            "true,  false,  OPTED-OUT, 2026-01-01, Seed",
            "true,  true,   OPTED-OUT, 2026-11-02, Store kiosk",
            "'',    false,  OPTED-OUT, 2026-01-01, Seed",
            "'',    '',     OPTED-OUT, 2026-01-01, Seed",
            "'',    ABSENT, OPTED-OUT, 2026-01-01, Seed",
            "false, false,  OPTED-IN,  2026-11-02, Store kiosk",
            "false, true,   OPTED-IN,  2026-11-02, Store kiosk",
            "ABSENT, false, OPTED-IN,  2026-11-02, Store kiosk",
            "ABSENT, ABSENT, OPTED-IN, 2026-11-02, Store kiosk"})
    void anOptedOutContactIsKeptOptedOutOnlyWhenHonorOptOutStatusIsTrueOrEmpty(String honor, String override,
            String status, String date, String source) {
        // given Rosa has opted out of SMS
        long listId = seededDatabase();

        // when the file says she opts in
        Job job = importSample(listId, honor, override);

        // then
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 2, "SQL_UPDATED", 2, "BAD_RECORDS", 1);
        Map<String, String> rosa = byPhone(listId, "15551230001");
        assertEquals(status, rosa.get("CONSENT_STATUS_CODE"), rosa.toString());
        assertTrue(rosa.get("CONSENT_DATE").startsWith(date), rosa.toString());
        assertEquals(source, rosa.get("CONSENT_SOURCE"));
        assertEquals("OPTED-OUT", byPhone(listId, "15551230002").get("CONSENT_STATUS_CODE"),
                "a change of status is always taken");
    }

    @ParameterizedTest(name = "OVERRIDE_ON_NO_CHANGE {0}")
    @CsvSource(nullValues = "ABSENT", value = {"true, 2026-11-02, Store kiosk", "false, 2026-01-01, Seed",
            "'', 2026-01-01, Seed", "ABSENT, 2026-01-01, Seed"})
    void anUnchangedStatusGetsTheFilesDateAndSourceOnlyWithOverrideOnNoChange(String override, String date,
            String source) {
        // given Tomas has opted in
        long listId = seededDatabase();
        MappingXml mapping = MappingXml.into("ADD_AND_UPDATE", listId).fileType(2).consent("false", override)
                .sync("Sms Phone").map(CONSENT_FIELDS);

        // when the file says again that he is opted in
        Job job = acme.run(mapping, "Sms Phone|First name|Consent|Consent Date|Consent Source\n"
                + "15551230002|Tomas|OPTED-IN|11/02/2026|Store kiosk\n");

        // then
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_UPDATED", 1);
        Map<String, String> tomas = byPhone(listId, "15551230002");
        assertEquals("OPTED-IN", tomas.get("CONSENT_STATUS_CODE"));
        assertTrue(tomas.get("CONSENT_DATE").startsWith(date), tomas.toString());
        assertEquals(source, tomas.get("CONSENT_SOURCE"));
    }

    @Test
    void aNewContactWithoutConsentSourceOrDateGetsListImportAndTheJobsTime() {
        // given
        long listId = seededDatabase();
        MappingXml mapping = MappingXml.into("ADD_AND_UPDATE", listId).fileType(2).consent("true", "false")
                .sync("Sms Phone").map(CONSENT_FIELDS);

        // when
        Job job = acme.run(mapping, "Sms Phone|First name|Consent|Consent Date|Consent Source\n"
                + "15551230009|Nia|opted-in||\n");

        // then
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_ADDED", 1);
        Map<String, String> nia = byPhone(listId, "15551230009");
        assertEquals("OPTED-IN", nia.get("CONSENT_STATUS_CODE"));
        assertEquals("List Import", nia.get("CONSENT_SOURCE"));
        assertTrue(nia.get("CONSENT_DATE") != null, nia.toString());
    }

    @Test
    void anEmptyConsentCodeIsRejectedLikeABadOne() {
        // given
        long listId = seededDatabase();
        MappingXml mapping = MappingXml.into("ADD_AND_UPDATE", listId).fileType(2).consent("true", "false")
                .sync("Sms Phone").map(CONSENT_FIELDS);

        // when
        Job job = acme.run(mapping, "Sms Phone|First name|Consent|Consent Date|Consent Source\n"
                + "15551230010|Empty||11/02/2026|Web\n15551230011|Yes|YES|11/02/2026|Web\n");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "BAD_RECORDS", 2);
        assertEquals(2, acme.contacts(listId).size());
    }
}
