package io.listgate.mapping;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.mapping.MappingException.Problem;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shared sample mapping files (copies under test resources, placeholders filled in). */
class MappingSamplesTest {

    @Test
    void createDbMapDescribesANewPrivateDatabaseKeyedOnEmail() {
        ImportMapping m = MappingFiles.resource("create_db_map.xml");

        ListInfo info = m.listInfo();
        assertAll(
                () -> assertEquals(Action.CREATE, m.action()),
                () -> assertEquals(Optional.of("Newsletter Subscribers"), info.listName()),
                () -> assertEquals(Optional.empty(), info.listId()),
                () -> assertEquals(Optional.of(ListType.DATABASE), info.listType()),
                () -> assertEquals(Optional.of(Visibility.PRIVATE), info.visibility()),
                () -> assertEquals(FileType.COMMA, info.fileType()),
                () -> assertEquals(',', info.fileType().delimiter()),
                () -> assertTrue(info.hasHeaders()),
                () -> assertEquals(ListDateFormat.defaultFormat(), info.dateFormat()),
                () -> assertFalse(info.doubleOptIn()),
                () -> assertFalse(info.encodedAsMd5()),
                () -> assertFalse(info.useRecipientId()));
        assertEquals(List.of(
                new ColumnDefinition("EMAIL", ColumnType.SYSTEM, true, true, Optional.empty(), List.of()),
                new ColumnDefinition("Customer Id", ColumnType.TEXT, false, false, Optional.empty(), List.of()),
                new ColumnDefinition("First Name", ColumnType.TEXT, false, false, Optional.empty(), List.of()),
                new ColumnDefinition("Birthday", ColumnType.DATE, false, false, Optional.empty(), List.of())),
                m.columns());
        assertEquals(List.of(
                new MappedColumn(1, "EMAIL", true, false),
                new MappedColumn(2, "Customer Id", true, false),
                new MappedColumn(3, "First Name", true, false),
                new MappedColumn(4, "Birthday", true, false)),
                m.mapping());
        assertEquals(List.of(), m.syncFields());
        assertEquals(Optional.empty(), m.consent());
        assertEquals(List.of(), m.contactListIds());
        assertFalse(m.createsNoUniqueIdentifierDatabase());
        assertEquals(4, m.highestIndex());
    }

    @Test
    void addUpdateMapMatchesOnEmailSkipsTheCustomerIdAndFillsTwoContactLists() {
        ImportMapping m = MappingFiles.resource("add_update_map.xml");

        assertEquals(Action.ADD_AND_UPDATE, m.action());
        assertEquals(Optional.of(4711L), m.listInfo().listId());
        assertEquals(Optional.empty(), m.listInfo().listType());
        assertEquals(Optional.empty(), m.listInfo().visibility());
        assertEquals(FileType.COMMA, m.listInfo().fileType());
        assertTrue(m.listInfo().hasHeaders());
        assertEquals(List.of(), m.columns());
        assertEquals(List.of("EMAIL"), m.syncFields());
        assertEquals(new MappedColumn(2, "Customer Id", false, false), m.mapping().get(1));
        assertEquals(List.of(new MappedColumn(1, "EMAIL", true, false), new MappedColumn(3, "First Name", true, false)),
                m.includedColumns());
        assertEquals(List.of(new MappedColumn(3, "First Name", true, false)), m.includedDataColumns());
        assertEquals(List.of(101L, 102L), m.contactListIds());
    }

    @Test
    void optoutMapOptsOutByEmailFromATabSeparatedFile() {
        ImportMapping m = MappingFiles.resource("optout_map.xml");

        assertEquals(Action.OPT_OUT, m.action());
        assertEquals(Optional.of(4711L), m.listInfo().listId());
        assertEquals(FileType.TAB, m.listInfo().fileType());
        assertEquals('\t', m.listInfo().fileType().delimiter());
        assertEquals(List.of("EMAIL"), m.syncFields());
        assertEquals(List.of(new MappedColumn(1, "EMAIL", true, false)), m.mapping());
    }

    @Test
    void smsConsentMapCarriesSmsConsentPerRowFromAPipeSeparatedFile() {
        ImportMapping m = MappingFiles.resource("sms_consent_map.xml");

        assertEquals(Action.ADD_AND_UPDATE, m.action());
        assertEquals(FileType.PIPE, m.listInfo().fileType());
        assertEquals('|', m.listInfo().fileType().delimiter());
        assertEquals(List.of("Sms Phone"), m.syncFields());
        assertEquals(Optional.of(new ConsentSettings(ConsentSettings.Channel.SMS, Optional.of("108063"), true, false)),
                m.consent());
        assertEquals(List.of(
                new MappedColumn(1, "Sms Phone", true, false),
                new MappedColumn(2, "First name", true, false),
                new MappedColumn(3, "CONSENT_STATUS_CODE", true, true),
                new MappedColumn(4, "CONSENT_DATE", true, true),
                new MappedColumn(5, "CONSENT_SOURCE", true, true)),
                m.mapping());
        assertEquals(List.of("CONSENT_STATUS_CODE", "CONSENT_DATE", "CONSENT_SOURCE"),
                m.consentColumns().stream().map(MappedColumn::name).toList());
        assertEquals(List.of("Sms Phone", "First name"),
                m.includedDataColumns().stream().map(MappedColumn::name).toList());
    }

    @Test
    void invalidMapIsRefusedNamingEachLineAndElement() {
        MappingException e = assertThrows(MappingException.class, () -> MappingFiles.resource("invalid_map.xml"));

        assertEquals("invalid_map.xml", e.fileName());
        List<Problem> problems = e.problems();
        assertEquals(3, problems.size(), e.getMessage());
        assertEquals(5, problems.get(0).line());
        assertEquals("element 'ACTION': value 'MERGE_EVERYTHING' is not one of CREATE, ADD_ONLY, UPDATE_ONLY,"
                + " ADD_AND_UPDATE, OPT_OUT", problems.get(0).message());
        assertEquals(11, problems.get(1).line());
        assertTrue(problems.get(1).message().startsWith("element 'TYPE': value 'nine' is not a column type code"),
                problems.get(1).message());
        assertEquals(13, problems.get(2).line());
        assertEquals("element 'LIST_IMPORT' lacks MAPPING", problems.get(2).message());
        assertTrue(e.getMessage().startsWith("invalid_map.xml line 5: element 'ACTION': value 'MERGE_EVERYTHING'"),
                e.getMessage());
    }

    @Test
    void theOriginalSamplesWithPlaceholdersAreRefusedOnlyForTheirNonNumericIds() throws Exception {
        // the shared files keep __LIST_ID__ for the tests that fill them in; the schema must catch it
        try (InputStream in = MappingSamplesTest.class.getResourceAsStream("/mapping/add_update_map.xml")) {
            String filled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String raw = filled.replace(">4711<", ">__LIST_ID__<");
            MappingException e = MappingFiles.refusal(raw);
            assertEquals(1, e.problems().size(), e.getMessage());
            assertEquals("element 'LIST_ID': value '__LIST_ID__' is not a positive whole number",
                    e.problems().get(0).message());
        }
    }
}
