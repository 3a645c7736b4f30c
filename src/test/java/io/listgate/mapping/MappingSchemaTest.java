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

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the schema lets through, what it refuses, and how hostile XML is kept out. */
class MappingSchemaTest {

    @Test
    void theSchemaIsOnTheClasspathUnderXsd() {
        assertTrue(MappingSchemaTest.class.getClassLoader().getResource("xsd/list-import.xsd") != null);
    }

    @Test
    void cdataWrappedAndWhitespaceSurroundedValuesAreAccepted() {
        ImportMapping m = parse(doc("""
                <ACTION>
                   <![CDATA[CREATE]]>
                </ACTION>
                <LIST_NAME><![CDATA[  Spring & Summer <2026>  ]]></LIST_NAME>
                <LIST_TYPE> 13 </LIST_TYPE>
                <FILE_TYPE>
                  2
                </FILE_TYPE>
                <HASHEADERS> <![CDATA[ true ]]> </HASHEADERS>
                <LIST_DATE_FORMAT><![CDATA[dd.mm.yyyy]]></LIST_DATE_FORMAT>""",
                "<COLUMNS><COLUMN><NAME><![CDATA[ First Name ]]></NAME><TYPE> 0 </TYPE></COLUMN></COLUMNS>",
                "<MAPPING><COLUMN><INDEX>\n 1 \n</INDEX><NAME>  First Name\n</NAME><INCLUDE> TRUE </INCLUDE></COLUMN></MAPPING>"));

        assertEquals(Action.CREATE, m.action());
        assertEquals(Optional.of("Spring & Summer <2026>"), m.listInfo().listName());
        assertEquals(Optional.of(ListType.SUPPRESSION_LIST), m.listInfo().listType());
        assertEquals(FileType.PIPE, m.listInfo().fileType());
        assertTrue(m.listInfo().hasHeaders());
        assertEquals("dd.mm.yyyy", m.listInfo().dateFormat().pattern());
        assertEquals("First Name", m.columns().get(0).name());
        assertEquals(List.of(new MappedColumn(1, "First Name", true, false)), m.mapping());
    }

    @Test
    void elementOrderInsideSectionsIsFree() {
        ImportMapping m = parse("""
                <LIST_IMPORT>
                  <MAPPING><COLUMN><NAME>EMAIL</NAME><INCLUDE>true</INCLUDE><INDEX>2</INDEX></COLUMN></MAPPING>
                  <SYNC_FIELDS><SYNC_FIELD><NAME>EMAIL</NAME></SYNC_FIELD></SYNC_FIELDS>
                  <LIST_INFO><HASHEADERS>false</HASHEADERS><FILE_TYPE>1</FILE_TYPE><LIST_ID>9</LIST_ID><ACTION>UPDATE_ONLY</ACTION></LIST_INFO>
                  <COLUMNS><COLUMN><DEFAULT_VALUE>x</DEFAULT_VALUE><TYPE>0</TYPE><NAME>Extra</NAME></COLUMN></COLUMNS>
                </LIST_IMPORT>""");

        assertEquals(Action.UPDATE_ONLY, m.action());
        assertEquals(Optional.of(9L), m.listInfo().listId());
        assertEquals(new MappedColumn(2, "EMAIL", true, false), m.mapping().get(0));
        assertEquals(Optional.of("x"), m.columns().get(0).defaultValue());
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "True,true", "yes,true", "YES,true", "1,true",
        "false,false", "FALSE,false", "no,false", "No,false", "0,false"})
    void booleansAreTrueFalseYesNoOrOneZeroInAnyCase(String written, boolean meant) {
        ImportMapping m = parse(doc(ADD_INFO + "<HASHEADERS>" + written + "</HASHEADERS><DOUBLE_OPT_IN>" + written
                + "</DOUBLE_OPT_IN>", EMAIL_MAPPING));

        assertEquals(meant, m.listInfo().hasHeaders());
        assertEquals(meant, m.listInfo().doubleOptIn());
    }

    @Test
    void emptyElementsMeanAbsent() {
        ImportMapping m = parse(doc("<ACTION>CREATE</ACTION><LIST_NAME>New</LIST_NAME><LIST_ID></LIST_ID>"
                        + "<LIST_TYPE/><LIST_VISIBILITY>  </LIST_VISIBILITY><PARENT_FOLDER_PATH/><FILE_TYPE>0</FILE_TYPE>"
                        + "<HASHEADERS/><LIST_DATE_FORMAT/><ENCODED_AS_MD5></ENCODED_AS_MD5>",
                "<COLUMNS><COLUMN><NAME>Extra</NAME><TYPE>0</TYPE><IS_REQUIRED/><DEFAULT_VALUE/></COLUMN></COLUMNS>",
                "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME><INCLUDE/><IS_CONSENT/></COLUMN></MAPPING>",
                "<SYNC_FIELDS/>", "<CONTACT_LISTS/>"));

        ListInfo info = m.listInfo();
        assertEquals(Optional.empty(), info.listId());
        assertEquals(Optional.of(ListType.DATABASE), info.listType());
        assertEquals(Optional.of(Visibility.PRIVATE), info.visibility());
        assertEquals(Optional.empty(), info.parentFolderPath());
        assertFalse(info.hasHeaders());
        assertEquals(ListDateFormat.defaultFormat(), info.dateFormat());
        assertFalse(info.encodedAsMd5());
        assertEquals(new ColumnDefinition("Extra", ColumnType.TEXT, false, false, Optional.empty(), List.of()),
                m.columns().get(0));
        assertEquals(new MappedColumn(1, "EMAIL", true, false), m.mapping().get(0));
        assertEquals(List.of(), m.syncFields());
        assertEquals(List.of(), m.contactListIds());
    }

    @Test
    void anUnknownElementIsRefusedNamingItsLineAndParent() {
        MappingException e = refusal(doc(ADD_INFO + "\n<MERGE_MODE>fast</MERGE_MODE>", EMAIL_MAPPING));

        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(4, e.problems().get(0).line());
        assertTrue(e.getMessage().startsWith(
                "map.xml line 4: element 'MERGE_MODE' is not allowed inside 'LIST_INFO' (unknown or misplaced)"), e.getMessage());
    }

    @Test
    void anXml11FileIsRefusedSoNoControlCharacterReachesANameOrValue() {
        String xml = doc(CREATE_INFO.replace("New", "New&#1;"), EMAIL_MAPPING).replace("version=\"1.0\"", "version=\"1.1\"");

        MappingException e = refusal(xml);

        assertEquals("map.xml line 2: the mapping file declares XML 1.1; only XML 1.0 is accepted", e.getMessage());
    }

    @Test
    void aRepeatedElementIsRefused() {
        MappingException e = refusal(doc(ADD_INFO + "<FILE_TYPE>1</FILE_TYPE>", EMAIL_MAPPING));

        assertEquals("map.xml line 3: element 'FILE_TYPE' appears more than once inside 'LIST_INFO'", e.getMessage());
    }

    @Test
    void aMissingRequiredElementIsNamed() {
        MappingException e = refusal(doc("<ACTION>ADD_ONLY</ACTION><LIST_ID>7</LIST_ID>", EMAIL_MAPPING));

        assertEquals("map.xml line 3: element 'LIST_INFO' lacks FILE_TYPE", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "<LIST_ID>seven</LIST_ID>; element 'LIST_ID': value 'seven' is not a positive whole number",
        "<LIST_ID>0</LIST_ID>; element 'LIST_ID': value '0' is not a positive whole number",
        "<LIST_TYPE>2</LIST_TYPE><LIST_ID>7</LIST_ID>; element 'LIST_TYPE': value '2' is not one of 0 (database), 6 (seed list), 13 (suppression list)",
        "<LIST_VISIBILITY>2</LIST_VISIBILITY><LIST_ID>7</LIST_ID>; element 'LIST_VISIBILITY': value '2' is not 0 (private) or 1 (shared)",
        "<HASHEADERS>maybe</HASHEADERS><LIST_ID>7</LIST_ID>; element 'HASHEADERS': value 'maybe' is not true or false (also yes/no or 1/0)",
    })
    void badValuesAreRefusedSayingWhatIsExpected(String extra, String message) {
        MappingException e = refusal(doc("<ACTION>ADD_ONLY</ACTION><FILE_TYPE>0</FILE_TYPE>" + extra, EMAIL_MAPPING));

        assertEquals("map.xml line 3: " + message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "add_only; ACTION",
        "3; FILE_TYPE",
    })
    void actionAndFileTypeAreClosedLists(String value, String element) {
        String info = ADD_INFO.replace("ADD_AND_UPDATE", element.equals("ACTION") ? value : "ADD_AND_UPDATE")
                .replace("<FILE_TYPE>0<", element.equals("FILE_TYPE") ? "<FILE_TYPE>" + value + "<" : "<FILE_TYPE>0<");
        MappingException e = refusal(doc(info, EMAIL_MAPPING));

        assertTrue(e.getMessage().startsWith("map.xml line 3: element '" + element + "': value '" + value + "' is not one of"),
                e.getMessage());
    }

    @Test
    void mappingIndexAndColumnTypeMustBeCodesAndNumbers() {
        MappingException e = refusal(doc(ADD_INFO,
                "<COLUMNS><COLUMN><NAME>Extra</NAME><TYPE>7</TYPE></COLUMN></COLUMNS>",
                "<MAPPING><COLUMN><INDEX>0</INDEX><NAME>EMAIL</NAME></COLUMN><COLUMN><INDEX>x</INDEX><NAME>B</NAME></COLUMN></MAPPING>"));

        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).message().startsWith("element 'TYPE': value '7' is not a column type code"));
        assertTrue(e.problems().get(1).message().startsWith("element 'INDEX': value '0' is not a positive whole number"));
        assertTrue(e.problems().get(2).message().startsWith("element 'INDEX': value 'x' is not a positive whole number"));
    }

    @Test
    void anEmptyColumnNameIsRefused() {
        MappingException e = refusal(doc(ADD_INFO, "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>  </NAME></COLUMN></MAPPING>"));

        assertEquals("map.xml line 4: element 'NAME': value '' is not a column name (it must not be empty)", e.getMessage());
    }

    @Test
    void attributesAreRefused() {
        MappingException e = refusal(doc(ADD_INFO, "<MAPPING><COLUMN type=\"x\"><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN></MAPPING>"));

        assertEquals("map.xml line 4: element 'COLUMN': attribute 'type' is not allowed", e.getMessage());
    }

    @Test
    void textBetweenSectionsIsRefused() {
        MappingException e = refusal(doc(ADD_INFO, "stray words", EMAIL_MAPPING));

        assertTrue(e.getMessage().contains("element 'LIST_IMPORT' must hold only elements, not text"), e.getMessage());
    }

    @Test
    void aMappingWithoutColumnsIsRefused() {
        MappingException e = refusal(doc(ADD_INFO, "<MAPPING></MAPPING>"));

        assertEquals("map.xml line 4: element 'MAPPING' lacks COLUMN", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "<LIST_INFO/>; the root element must be LIST_IMPORT, not 'LIST_INFO'",
        "<LIST_IMPORT xmlns='urn:acoustic'/>; the root element LIST_IMPORT must not be in an XML namespace",
    })
    void theRootMustBeListImportWithoutNamespace(String xml, String message) {
        assertEquals("map.xml line 1: " + message, refusal(xml).getMessage());
    }

    @Test
    void everyProblemIsReportedInLineOrder() {
        MappingException e = refusal("""
                <LIST_IMPORT>
                  <LIST_INFO>
                    <ACTION>PURGE</ACTION>
                    <FILE_TYPE>9</FILE_TYPE>
                  </LIST_INFO>
                  <MAPPING><COLUMN><INDEX>-1</INDEX><NAME>EMAIL</NAME></COLUMN></MAPPING>
                </LIST_IMPORT>""");

        assertEquals(List.of(3, 4, 6), e.problems().stream().map(MappingException.Problem::line).toList());
    }

    @Test
    void badXmlIsRefusedWithItsLine() {
        MappingException e = refusal("<LIST_IMPORT>\n<LIST_INFO>\n<ACTION>CREATE</LIST_INFO>\n</LIST_IMPORT>");

        assertEquals(1, e.problems().size());
        assertEquals(3, e.problems().get(0).line());
        assertTrue(e.getMessage().startsWith("map.xml line 3: the file is not well-formed XML:"), e.getMessage());
    }

    @Test
    void anEmptyFileIsRefused() {
        assertEquals("map.xml: the mapping file is empty", refusal("").getMessage());
    }

    @Test
    void aFileLargerThanAnyMappingIsRefused() {
        byte[] huge = new byte[MappingParser.MAX_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        MappingException e = assertThrows(MappingException.class,
                () -> new MappingParser().parse(new ByteArrayInputStream(huge), "big.xml"));

        assertTrue(e.getMessage().startsWith("big.xml: the mapping file is larger than"), e.getMessage());
    }

    @Test
    void aDoctypeWithAnExternalEntityIsRefusedWithoutReadingTheFile(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE LIST_IMPORT [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + doc(ADD_INFO, "<MAPPING><COLUMN><INDEX>1</INDEX><NAME>&x;</NAME></COLUMN></MAPPING>")
                        .replaceFirst("<\\?xml[^>]*>\n", "");

        MappingException e = refusal(xml);

        assertEquals("map.xml line 2: DOCTYPE declarations are not allowed in a mapping file (no DTD, no entities)",
                e.getMessage());
        assertFalse(e.getMessage().contains("TOP-SECRET"));
    }

    @Test
    void entityExpansionIsRefused() {
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [
                  <!ENTITY lol "lol">
                  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                ]>
                <LIST_IMPORT><LIST_INFO><ACTION>&lol3;</ACTION></LIST_INFO></LIST_IMPORT>""";

        MappingException e = refusal(laughs);

        assertTrue(e.getMessage().contains("DOCTYPE declarations are not allowed"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<LIST_IMPORT>&undeclared;</LIST_IMPORT>",
        "<LIST_IMPORT><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\"/></LIST_IMPORT>",
    })
    void entityReferencesAndXIncludeDoNotReachOutside(String xml) {
        MappingException e = refusal(xml);

        assertFalse(e.getMessage().contains("root:"), e.getMessage());
    }

    @Test
    void aSchemaLocationHintIsNotFollowed() {
        ImportMapping m = parse(doc(ADD_INFO, EMAIL_MAPPING).replace("<LIST_IMPORT>",
                "<LIST_IMPORT xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                        + " xsi:noNamespaceSchemaLocation=\"http://invalid.example/evil.xsd\">"));

        assertEquals(Action.ADD_AND_UPDATE, m.action());
    }

    @Test
    void aByteOrderMarkAndAnotherEncodingAreRead() {
        byte[] latin1 = doc(CREATE_INFO.replace("New", "Müller"), "<COLUMNS><COLUMN><NAME>EMAIL</NAME><TYPE>9</TYPE></COLUMN></COLUMNS>",
                EMAIL_MAPPING).replace("UTF-8", "ISO-8859-1").getBytes(StandardCharsets.ISO_8859_1);

        ImportMapping m = new MappingParser().parse(new ByteArrayInputStream(latin1), "map.xml");

        assertEquals(Optional.of("Müller"), m.listInfo().listName());
        byte[] utf8 = doc(ADD_INFO, EMAIL_MAPPING).getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        assertEquals(Action.ADD_AND_UPDATE, new MappingParser().parse(new ByteArrayInputStream(bom), "map.xml").action());
    }

    @Test
    void aFileOnDiskIsNamedByItsFileName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("import_map.xml");
        Files.writeString(file, doc("<ACTION>ADD_ONLY</ACTION>", EMAIL_MAPPING));

        MappingException e = assertThrows(MappingException.class,
                () -> new MappingParser().parse(file));

        assertTrue(e.getMessage().startsWith("import_map.xml line 3: element 'LIST_INFO' lacks FILE_TYPE"), e.getMessage());
    }
}
