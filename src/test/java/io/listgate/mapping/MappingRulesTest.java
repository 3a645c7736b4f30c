package io.listgate.mapping;

import static io.listgate.mapping.MappingFiles.ADD_INFO;
import static io.listgate.mapping.MappingFiles.CREATE_INFO;
import static io.listgate.mapping.MappingFiles.EMAIL_MAPPING;
import static io.listgate.mapping.MappingFiles.doc;
import static io.listgate.mapping.MappingFiles.parse;
import static io.listgate.mapping.MappingFiles.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ImportList rules the schema cannot express, and how settings are resolved. */
class MappingRulesTest {

    private static final String EMAIL_COLUMN = "<COLUMNS><COLUMN><NAME>EMAIL</NAME><TYPE>9</TYPE><KEY_COLUMN>true</KEY_COLUMN></COLUMN></COLUMNS>";

    private static final String SMS_CONSENT_MAPPING = "<MAPPING>"
            + "<COLUMN><INDEX>1</INDEX><NAME>Phone</NAME></COLUMN>"
            + "<COLUMN><INDEX>2</INDEX><NAME>CONSENT_STATUS_CODE</NAME><IS_CONSENT>true</IS_CONSENT></COLUMN>"
            + "</MAPPING>";

    private static String message(String xml) {
        return refusal(xml).getMessage();
    }

    private static ConsentSettings consent(String consentChildren) {
        return parse(doc(ADD_INFO, "<CONSENT><CHANNEL>SMS</CHANNEL>" + consentChildren + "</CONSENT>", SMS_CONSENT_MAPPING))
                .consent().orElseThrow();
    }

    // LIST_INFO

    @Test
    void createWithoutListNameIsRefused() {
        assertEquals("map.xml line 3: ACTION CREATE needs LIST_NAME, the name of the new database",
                message(doc("<ACTION>CREATE</ACTION><FILE_TYPE>0</FILE_TYPE>", EMAIL_MAPPING)));
    }

    @Test
    void createWithOnlyAListIdIsRefusedSuggestingAnotherAction() {
        String m = message(doc("<ACTION>CREATE</ACTION><LIST_ID>12</LIST_ID><FILE_TYPE>0</FILE_TYPE>", EMAIL_MAPPING));

        assertTrue(m.startsWith("map.xml line 3: ACTION CREATE makes a new database and needs its LIST_NAME"), m);
        assertTrue(m.contains("To import into database 12, use ADD_ONLY"), m);
    }

    @Test
    void createWithBothListNameAndListIdIsRefused() {
        assertEquals("map.xml line 3: element 'LIST_ID': ACTION CREATE makes a new database and takes no LIST_ID;"
                        + " remove LIST_ID or use another action",
                message(doc(CREATE_INFO + "<LIST_ID>12</LIST_ID>", EMAIL_COLUMN, EMAIL_MAPPING)));
    }

    @ParameterizedTest
    @CsvSource({"ADD_ONLY", "UPDATE_ONLY", "ADD_AND_UPDATE", "OPT_OUT"})
    void everyOtherActionWithoutListIdIsRefused(Action action) {
        assertEquals("map.xml line 3: ACTION " + action + " needs LIST_ID, the id of the database to import into",
                message(doc("<ACTION>" + action + "</ACTION><LIST_NAME>Old</LIST_NAME><FILE_TYPE>0</FILE_TYPE>", EMAIL_MAPPING)));
    }

    @Test
    void createDefaultsToAPrivateDatabase() {
        ImportMapping m = parse(doc(CREATE_INFO, EMAIL_COLUMN, EMAIL_MAPPING));

        assertEquals(Optional.of(ListType.DATABASE), m.listInfo().listType());
        assertEquals(Optional.of(Visibility.PRIVATE), m.listInfo().visibility());
    }

    @Test
    void createTakesTheGivenTypeVisibilityAndFolder() {
        ImportMapping m = parse(doc(CREATE_INFO + "<LIST_TYPE>6</LIST_TYPE><LIST_VISIBILITY>1</LIST_VISIBILITY>"
                + "<PARENT_FOLDER_PATH> Marketing/2026 </PARENT_FOLDER_PATH>", EMAIL_COLUMN, EMAIL_MAPPING));

        assertEquals(Optional.of(ListType.SEED_LIST), m.listInfo().listType());
        assertEquals(Optional.of(Visibility.SHARED), m.listInfo().visibility());
        assertEquals(Optional.of("Marketing/2026"), m.listInfo().parentFolderPath());
    }

    @Test
    void visibilityAndTypeAreIgnoredForAnExistingDatabase() {
        // some writers send LIST_VISIBILITY 1 on every import
        ImportMapping m = parse(doc(ADD_INFO + "<LIST_VISIBILITY>1</LIST_VISIBILITY><LIST_TYPE>13</LIST_TYPE>", EMAIL_MAPPING));

        assertEquals(Optional.empty(), m.listInfo().visibility());
        assertEquals(Optional.empty(), m.listInfo().listType());
    }

    @Test
    void aBadDateFormatIsRefusedNamingTheElement() {
        String m = message(doc(ADD_INFO + "\n<LIST_DATE_FORMAT>mm/dd/yyyy hh:mm</LIST_DATE_FORMAT>", EMAIL_MAPPING));

        assertTrue(m.startsWith("map.xml line 4: element 'LIST_DATE_FORMAT': date format 'mm/dd/yyyy hh:mm'"), m);
    }

    @Test
    void theFlagsOfListInfoAreRead() {
        ImportMapping m = parse(doc(ADD_INFO + "<DOUBLE_OPT_IN>true</DOUBLE_OPT_IN><ENCODED_AS_MD5>yes</ENCODED_AS_MD5>"
                + "<USE_RECIPIENT_ID>1</USE_RECIPIENT_ID><LIST_DATE_FORMAT>dd.mm.yy</LIST_DATE_FORMAT>", EMAIL_MAPPING));

        assertTrue(m.listInfo().doubleOptIn());
        assertTrue(m.listInfo().encodedAsMd5());
        assertTrue(m.listInfo().useRecipientId());
        assertEquals(ListDateFormat.of("dd.mm.yy"), m.listInfo().dateFormat());
    }

    // COLUMNS

    @Test
    void aColumnDefinedTwiceIsRefused() {
        String m = message(doc(ADD_INFO, "<COLUMNS>\n<COLUMN><NAME>A</NAME><TYPE>0</TYPE></COLUMN>\n"
                + "<COLUMN><NAME>A</NAME><TYPE>2</TYPE></COLUMN>\n</COLUMNS>", EMAIL_MAPPING));

        assertEquals("map.xml line 6: COLUMNS: column 'A' is defined twice (also on line 5)", m);
    }

    @Test
    void twoColumnsDifferingOnlyInCaseAreRefusedSayingNamesAreCaseInsensitive() {
        String m = message(doc(CREATE_INFO, "<COLUMNS>\n<COLUMN><NAME>Name</NAME><TYPE>0</TYPE></COLUMN>\n"
                + "<COLUMN><NAME>NAME</NAME><TYPE>0</TYPE></COLUMN>\n</COLUMNS>", EMAIL_MAPPING));

        assertEquals("map.xml line 6: COLUMNS: columns 'Name' (line 5) and 'NAME' differ only in case; column names are"
                + " case-insensitive, so a database cannot have both", m);
    }

    @Test
    void columnNamesOfMappingAndSyncFieldsMatchWithoutRegardToCaseAndSystemFieldsTakeTheirOwnSpelling() {
        // given COLUMNS spells City, MAPPING city and Email, SYNC_FIELDS CITY
        ImportMapping m = parse(doc(CREATE_INFO, "<COLUMNS><COLUMN><NAME>City</NAME><TYPE>0</TYPE></COLUMN></COLUMNS>",
                "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>Email</NAME></COLUMN><COLUMN><INDEX>2</INDEX><NAME>city</NAME></COLUMN>"
                        + "</MAPPING>", "<SYNC_FIELDS><SYNC_FIELD><NAME>CITY</NAME></SYNC_FIELD></SYNC_FIELDS>"));

        // then the mapping names the system field EMAIL and the column as COLUMNS spells it
        assertEquals(List.of("EMAIL", "City"), m.mapping().stream().map(MappedColumn::name).toList());
        assertEquals(List.of("City"), m.syncFields());
        assertTrue(m.column("CITY").isPresent());
    }

    @Test
    void selectionValuesOnATextColumnAreRefused() {
        assertEquals("map.xml line 4: column 'Status': SELECTION_VALUES belong to TYPE 6 (select one) or 20"
                        + " (multi-select) only, not to TYPE 0",
                message(doc(ADD_INFO, "<COLUMNS><COLUMN><NAME>Status</NAME><TYPE>0</TYPE>"
                        + "<SELECTION_VALUES><VALUE>a</VALUE></SELECTION_VALUES></COLUMN></COLUMNS>", EMAIL_MAPPING)));
    }

    @Test
    void selectionValuesAreReadAsValueElementsOrSemicolonSeparatedText() {
        ImportMapping m = parse(doc(ADD_INFO, "<COLUMNS>"
                + "<COLUMN><NAME>Status</NAME><TYPE>6</TYPE><SELECTION_VALUES><VALUE> Gold </VALUE><VALUE>Silver</VALUE>"
                + "<VALUE/></SELECTION_VALUES><DEFAULT_VALUE>Silver</DEFAULT_VALUE></COLUMN>"
                + "<COLUMN><NAME>Topics</NAME><TYPE>20</TYPE><SELECTION_VALUES>News; Offers ;;Events</SELECTION_VALUES></COLUMN>"
                + "<COLUMN><NAME>Customer Id</NAME><TYPE>0</TYPE><IS_REQUIRED>true</IS_REQUIRED><KEY_COLUMN>true</KEY_COLUMN></COLUMN>"
                + "</COLUMNS>", EMAIL_MAPPING));

        assertEquals(new ColumnDefinition("Status", ColumnType.SELECT_ONE, false, false, Optional.of("Silver"),
                List.of("Gold", "Silver")), m.columns().get(0));
        assertEquals(List.of("News", "Offers", "Events"), m.column("Topics").orElseThrow().selectionValues());
        assertEquals(ColumnType.MULTI_SELECT, m.column("Topics").orElseThrow().type());
        assertEquals(List.of("Customer Id"), m.keyColumns().stream().map(ColumnDefinition::name).toList());
        assertTrue(m.column("Customer Id").orElseThrow().required());
    }

    @Test
    void createMapsOnlyColumnsItDefinesOrSystemFields() {
        String m = message(doc(CREATE_INFO, EMAIL_COLUMN, "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN>"
                + "<COLUMN><INDEX>2</INDEX><NAME>OPTED_OUT</NAME></COLUMN>"
                + "<COLUMN><INDEX>3</INDEX><NAME>Skipped</NAME><INCLUDE>false</INCLUDE></COLUMN>"
                + "<COLUMN><INDEX>4</INDEX><NAME>first name</NAME></COLUMN></MAPPING>"));

        assertEquals("map.xml line 5: MAPPING: column 'first name' is not defined in COLUMNS; CREATE makes only the"
                + " columns it defines", m);
    }

    @Test
    void createWithoutAnyKeyColumnMakesANoUniqueIdentifierDatabase() {
        ImportMapping m = parse(doc(CREATE_INFO, "<COLUMNS><COLUMN><NAME>Phone</NAME><TYPE>16</TYPE></COLUMN></COLUMNS>",
                "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>Phone</NAME></COLUMN></MAPPING>"));

        assertTrue(m.createsNoUniqueIdentifierDatabase());
        assertFalse(parse(doc(ADD_INFO, EMAIL_MAPPING)).createsNoUniqueIdentifierDatabase());
    }

    @Test
    void columnsMayBeAddedToAnExistingDatabase() {
        ImportMapping m = parse(doc(ADD_INFO, "<COLUMNS><COLUMN><NAME>Score</NAME><TYPE>2</TYPE></COLUMN></COLUMNS>",
                "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN><COLUMN><INDEX>2</INDEX><NAME>Score</NAME></COLUMN>"
                        + "<COLUMN><INDEX>3</INDEX><NAME>Existing</NAME></COLUMN></MAPPING>"));

        assertEquals(ColumnType.NUMERIC, m.column("Score").orElseThrow().type());
        assertEquals(List.of("Score", "Existing"), m.includedDataColumns().stream().map(MappedColumn::name).toList());
    }

    // MAPPING

    @Test
    void anIndexMappedTwiceIsRefused() {
        assertEquals("map.xml line 7: MAPPING: INDEX 1 is mapped twice, to 'EMAIL' and to 'Name'",
                message(doc(ADD_INFO, "<MAPPING>\n<COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN>\n"
                        + "<COLUMN>\n<INDEX>1</INDEX><NAME>Name</NAME></COLUMN>\n</MAPPING>")));
    }

    @Test
    void aNameMappedTwiceIsRefused() {
        assertEquals("map.xml line 5: MAPPING: column 'EMAIL' is mapped twice (also on line 4)",
                message(doc(ADD_INFO, "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN>\n"
                        + "<COLUMN><INDEX>2</INDEX><NAME>EMAIL</NAME></COLUMN>\n</MAPPING>")));
    }

    @Test
    void namesDifferingOnlyInCaseAreOneColumnSoMappingBothIsRefused() {
        String m = message(doc(ADD_INFO, "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN>\n"
                + "<COLUMN><INDEX>2</INDEX><NAME>Email</NAME></COLUMN></MAPPING>"));

        assertEquals("map.xml line 5: MAPPING: column 'EMAIL' is mapped twice (also on line 4)", m);
        assertTrue(ImportMapping.isSystemName("Email"));
    }

    @Test
    void includedColumnsAreInSourceOrderAndLeaveOutExcludedOnes() {
        ImportMapping m = parse(doc(ADD_INFO, "<MAPPING>"
                + "<COLUMN><INDEX>5</INDEX><NAME>Late</NAME></COLUMN>"
                + "<COLUMN><INDEX>2</INDEX><NAME>Skipped</NAME><INCLUDE>no</INCLUDE></COLUMN>"
                + "<COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN></MAPPING>"));

        assertEquals(List.of(1, 5), m.includedColumns().stream().map(MappedColumn::index).toList());
        assertEquals(4, m.includedColumns().get(1).fieldOffset());
        assertEquals(5, m.highestIndex());
        assertEquals(Optional.of(new MappedColumn(2, "Skipped", false, false)), m.mappedColumn("Skipped"));
    }

    @Test
    void theSystemNamesAreKnown() {
        for (String name : List.of("EMAIL", "EMAIL_TYPE", "CREATED_FROM", "OPTED_IN", "OPT_IN_DETAILS", "OPTED_OUT",
                "RECIPIENT_ID", "CONSENT_DATE", "CONSENT_SOURCE", "CONSENT_STATUS_CODE")) {
            assertTrue(ImportMapping.isSystemName(name), name);
        }
        assertTrue(ImportMapping.isConsentName("CONSENT_DATE"));
        assertFalse(ImportMapping.isConsentName("EMAIL"));
        assertFalse(ImportMapping.isSystemName("First Name"));
        assertTrue(ImportMapping.isSystemName("Email"));
        assertEquals("OPTED_OUT", ImportMapping.canonical("opted_Out"));
        assertEquals("First Name", ImportMapping.canonical("First Name"));
    }

    // SYNC_FIELDS

    @Test
    void aSyncFieldMustBeAMappedColumn() {
        assertEquals("map.xml line 4: SYNC_FIELD 'Phone' is not a column of MAPPING; contacts can only be looked up"
                        + " by a field of the source file",
                message(doc(ADD_INFO, "<SYNC_FIELDS><SYNC_FIELD><NAME>Phone</NAME></SYNC_FIELD></SYNC_FIELDS>", EMAIL_MAPPING)));
    }

    @Test
    void syncFieldsKeepTheirOrderOnceEach() {
        ImportMapping m = parse(doc(ADD_INFO, "<SYNC_FIELDS><SYNC_FIELD><NAME>Id</NAME></SYNC_FIELD>"
                        + "<SYNC_FIELD><NAME>EMAIL</NAME></SYNC_FIELD><SYNC_FIELD><NAME>Id</NAME></SYNC_FIELD></SYNC_FIELDS>",
                "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN>"
                        + "<COLUMN><INDEX>2</INDEX><NAME>Id</NAME><INCLUDE>false</INCLUDE></COLUMN></MAPPING>"));

        assertEquals(List.of("Id", "EMAIL"), m.syncFields());
    }

    // CONSENT

    @Test
    void consentColumnsNeedAConsentSection() {
        assertEquals("map.xml line 4: column 'CONSENT_STATUS_CODE' is marked IS_CONSENT but the file has no CONSENT section",
                message(doc(ADD_INFO, SMS_CONSENT_MAPPING)));
    }

    @Test
    void onlyTheConsentFieldsMayBeMarkedIsConsent() {
        String m = message(doc(ADD_INFO, "<CONSENT><CHANNEL>SMS</CHANNEL></CONSENT>", SMS_CONSENT_MAPPING
                .replace("<NAME>Phone</NAME>", "<NAME>Phone</NAME><IS_CONSENT>true</IS_CONSENT>")));

        assertEquals("map.xml line 5: column 'Phone' is marked IS_CONSENT, but only CONSENT_STATUS_CODE, CONSENT_DATE"
                + " and CONSENT_SOURCE are consent fields", m);
    }

    @Test
    void aConsentFieldNotMarkedIsConsentIsRefused() {
        String m = message(doc(ADD_INFO, "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN>"
                + "<COLUMN><INDEX>2</INDEX><NAME>CONSENT_DATE</NAME></COLUMN></MAPPING>"));

        assertEquals("map.xml line 4: column 'CONSENT_DATE' is a consent field: mark it <IS_CONSENT>true</IS_CONSENT>"
                + " and give the file a CONSENT section", m);
    }

    @Test
    void theOnlyConsentChannelIsSms() {
        assertEquals("map.xml line 4: element 'CHANNEL': consent channel 'EMAIL' is not supported; the only channel is SMS",
                message(doc(ADD_INFO, "<CONSENT><CHANNEL>EMAIL</CHANNEL></CONSENT>", SMS_CONSENT_MAPPING)));
        assertEquals(ConsentSettings.Channel.SMS,
                parse(doc(ADD_INFO, "<CONSENT><CHANNEL> sms </CHANNEL></CONSENT>", SMS_CONSENT_MAPPING))
                        .consent().orElseThrow().channel());
    }

    @Test
    void aConsentSectionNeedsTheStatusColumn() {
        assertEquals("map.xml line 4: the CONSENT section needs an included MAPPING column CONSENT_STATUS_CODE marked"
                        + " <IS_CONSENT>true</IS_CONSENT>",
                message(doc(ADD_INFO, "<CONSENT><CHANNEL>SMS</CHANNEL></CONSENT>", EMAIL_MAPPING)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "<HONOR_OPT_OUT_STATUS>true</HONOR_OPT_OUT_STATUS>; true",
        "<HONOR_OPT_OUT_STATUS>false</HONOR_OPT_OUT_STATUS>; false",
        "<HONOR_OPT_OUT_STATUS/>; true",
        "<HONOR_OPT_OUT_STATUS>  </HONOR_OPT_OUT_STATUS>; true",
        "''; false",
    })
    void honorOptOutStatusIsTrueWhenEmptyAndFalseWhenAbsent(String element, boolean honor) {
        assertEquals(honor, consent(element).honorOptOutStatus());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "<OVERRIDE_ON_NO_CHANGE>true</OVERRIDE_ON_NO_CHANGE>; true",
        "<OVERRIDE_ON_NO_CHANGE>false</OVERRIDE_ON_NO_CHANGE>; false",
        "<OVERRIDE_ON_NO_CHANGE/>; false",
        "''; false",
    })
    void overrideOnNoChangeIsTrueOnlyWhenSaidSo(String element, boolean override) {
        assertEquals(override, consent(element).overrideOnNoChange());
    }

    @Test
    void theTextToJoinProgramIsOptional() {
        assertEquals(Optional.empty(), consent("").textToJoinProgramId());
        assertEquals(Optional.of("42"), consent("<TEXT_TO_JOIN_PROGRAM_ID> 42 </TEXT_TO_JOIN_PROGRAM_ID>").textToJoinProgramId());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "OPTED-IN; OPTED_IN",
        "' opted-out '; OPTED_OUT",
    })
    void consentStatusCodesAreOptedInOrOptedOut(String value, ConsentSettings.Status status) {
        assertEquals(Optional.of(status), ConsentSettings.Status.fromCode(value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"MAYBE", "OPTED_IN", "''"})
    void anyOtherConsentStatusIsNone(String value) {
        assertEquals(Optional.empty(), ConsentSettings.Status.fromCode(value));
        assertEquals(Optional.empty(), ConsentSettings.Status.fromCode(null));
    }

    // CONTACT_LISTS

    @Test
    void contactListsCannotGoWithOptOut() {
        assertEquals("map.xml line 4: CONTACT_LISTS cannot go with ACTION OPT_OUT: opted-out contacts are not added to"
                        + " contact lists",
                message(doc(ADD_INFO.replace("ADD_AND_UPDATE", "OPT_OUT"),
                        "<CONTACT_LISTS><CONTACT_LIST_ID>5</CONTACT_LIST_ID></CONTACT_LISTS>", EMAIL_MAPPING)));
    }

    @Test
    void contactListIdsAreKeptInOrderOnceEach() {
        ImportMapping m = parse(doc(ADD_INFO, "<CONTACT_LISTS><CONTACT_LIST_ID>5</CONTACT_LIST_ID>"
                + "<CONTACT_LIST_ID> 3 </CONTACT_LIST_ID><CONTACT_LIST_ID>5</CONTACT_LIST_ID></CONTACT_LISTS>", EMAIL_MAPPING));

        assertEquals(List.of(5L, 3L), m.contactListIds());
    }

    // all together

    @Test
    void everyRuleViolationIsReportedAtOnce() {
        MappingException e = refusal(doc("<ACTION>UPDATE_ONLY</ACTION><FILE_TYPE>0</FILE_TYPE>",
                "<SYNC_FIELDS><SYNC_FIELD><NAME>Nope</NAME></SYNC_FIELD></SYNC_FIELDS>",
                "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN><COLUMN><INDEX>1</INDEX><NAME>X</NAME></COLUMN></MAPPING>"));

        assertEquals(List.of(3, 4, 5), e.problems().stream().map(MappingException.Problem::line).toList());
    }

    @Test
    void theMappingIsImmutable() {
        ImportMapping m = parse(doc(ADD_INFO, EMAIL_MAPPING));

        assertThrows(UnsupportedOperationException.class,
                () -> m.mapping().add(new MappedColumn(2, "X", true, false)));
    }
}
