package io.listgate.api;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.listgate.support.EnvelopeSchemas;
import io.listgate.support.Fixtures;
import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.NumericElements;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import io.listgate.support.XmlApiClient.Reply;
import io.listgate.xml.HardenedXml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Request/response fixture pairs under {@code src/test/resources/fixtures/<operation>/}: each
 * {@code <case>.request.xml} is sent to the real server and the reply must match
 * {@code <case>.response.xml} (XMLUnit placeholders for volatile values) and validate against the
 * envelope schemas of {@code xsd/xmlapi/}; requests of success cases must validate too.
 * Adding a case is adding two files.
 *
 * <p>How a case is sent follows from its file name: {@code raw-form} sends {@code xml=} not
 * URL-encoded, {@code text-xml} a raw {@code text/xml} body, {@code form-utf8} a URL-encoded form
 * declaring UTF-8; anything else the form URL-encoded in ISO-8859-1 with no charset, as most
 * clients do. {@code Login} is sent without a session, {@code bad-session} with an unknown one,
 * {@code logged-out-session} with one that has logged out, {@code globex-session} with a session of
 * another organization (api@globex.test), every other case with a fresh session of api@acme.test.
 *
 * <p>Both files may hold {@code @NAME@} tokens replaced at run time: {@code @LIST_ID@},
 * {@code @LIST_NAME@} and {@code @EMAIL@} of a database created once, {@code @RECIPIENT_ID@} of its
 * one contact, {@code @JOB_ID@} and {@code @CREATE_MAP_FILE@} of the import that created it, {@code @MAP_FILE@} of an
 * ADD_AND_UPDATE mapping into it, {@code @SOURCE_FILE@} of its source (also uploaded as
 * {@code données.csv}), {@code @CONTACT_LIST_ID@} and {@code @CONTACT_LIST_NAME@} of an empty contact
 * list of it, {@code @COLUMNS_LIST_ID@} of a second database with a column {@code Region}, which
 * AddListColumn cases add to, and {@code @UNIQUE@}, a fresh name per case. GetLists replies are cut down to the LISTs
 * of that database and contact list before comparing, as other tests share the organization.
 * {@code @SPARE_LIST_ID@} is a second database (spare1, spare2, spare3 @example.org) that the
 * single-contact operations change, with {@code @SPARE_CONTACT_LIST_ID@} and
 * {@code @SPARE3_RECIPIENT_ID@}; {@code @UNIQUE_EMAIL@} is a fresh address per case.
 */
class EnvelopeFixturesIT {

    private static final String UNKNOWN_SESSION = "0123456789ABCDEF0123456789ABCDEF";
    private static final Map<String, String> TOKENS = new LinkedHashMap<>();
    private static ImportSteps acme;
    private static XmlApiClient api;

    @BeforeAll
    static void aDatabaseWithOneContactAndItsFiles() {
        acme = ImportSteps.acme();
        api = new XmlApiClient(acme.server().httpPort());
        String name = unique("Fixtures");
        String email = "ada@example.org";
        String source = "EMAIL,NAME\n" + email + ",Ada\n";
        String sourceFile = acme.upload(unique("fixtures") + ".csv", source);
        acme.upload("données.csv", source);
        String create = acme.upload(unique("create") + ".xml", MappingXml.create(name).key("EMAIL", 9).column("NAME", 0).map("EMAIL", "NAME").xml());
        long jobId = acme.importList(create, sourceFile);
        ImportSteps.Job job = acme.awaitJob(jobId);
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_ADDED", 1);
        long listId = job.listId();
        String update = acme.upload(unique("update") + ".xml", MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "NAME").xml());
        String recipientId = acme.contact(listId, email).get("RECIPIENT_ID");
        String contactListName = unique("Fixture contacts");
        long contactListId = acme.createContactList(listId, contactListName);
        TOKENS.put("@LIST_ID@", String.valueOf(listId));
        TOKENS.put("@LIST_NAME@", name);
        TOKENS.put("@EMAIL@", email);
        TOKENS.put("@RECIPIENT_ID@", recipientId);
        TOKENS.put("@JOB_ID@", String.valueOf(jobId));
        TOKENS.put("@MAP_FILE@", update);
        TOKENS.put("@CREATE_MAP_FILE@", create);
        TOKENS.put("@SOURCE_FILE@", sourceFile);
        TOKENS.put("@CONTACT_LIST_ID@", String.valueOf(contactListId));
        TOKENS.put("@CONTACT_LIST_NAME@", contactListName);
        // AddListColumn cases add columns here, not to the database whose GetListMetaData cases list its columns
        TOKENS.put("@COLUMNS_LIST_ID@", String.valueOf(acme.createDatabase(MappingXml.create(unique("Fixture columns"))
                .key("EMAIL", 9).column("Region", 0).map("EMAIL", "Region"), "EMAIL,Region\nada@example.org,North\n")));
        // a second database for the single-contact operations to change, leaving the first as the other cases expect it
        long spare = acme.createDatabase(MappingXml.create(unique("Spare")).key("EMAIL", 9).column("NAME", 0).map("EMAIL", "NAME"),
                "EMAIL,NAME\nspare1@example.org,One\nspare2@example.org,Two\nspare3@example.org,Three\n");
        TOKENS.put("@SPARE_LIST_ID@", String.valueOf(spare));
        TOKENS.put("@SPARE_CONTACT_LIST_ID@", String.valueOf(acme.createContactList(spare, unique("Spare contacts"))));
        TOKENS.put("@SPARE3_RECIPIENT_ID@", acme.contact(spare, "spare3@example.org").get("RECIPIENT_ID"));
        // a finished job of its own for DeleteJob to forget, leaving @JOB_ID@ to GetJobStatus
        TOKENS.put("@FINISHED_JOB_ID@", String.valueOf(acme.run(MappingXml.create(unique("Forgotten")).key("EMAIL", 9)
                .map("EMAIL"), "EMAIL\nforgotten@example.org\n").id()));
    }

    static Stream<String> cases() {
        try {
            Path root = Paths.get(EnvelopeFixturesIT.class.getResource("/fixtures").toURI());
            try (Stream<Path> files = Files.walk(root)) {
                List<String> names = files.map(p -> root.relativize(p).toString().replace('\\', '/'))
                        .filter(p -> p.endsWith(".request.xml"))
                        .map(p -> p.substring(0, p.length() - ".request.xml".length()))
                        .sorted()
                        .toList();
                return names.stream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theServerAnswersEachFixtureRequestWithItsFixtureResponse(String fixture) {
        // given the request of the fixture, its tokens replaced
        Map<String, String> tokens = new LinkedHashMap<>(TOKENS);
        tokens.put("@UNIQUE@", unique("Fixture list"));
        tokens.put("@UNIQUE_EMAIL@", unique("fixture").toLowerCase(Locale.ROOT) + "@example.org");
        String request = replace(Fixtures.read(fixture + ".request.xml"), tokens);
        String expected = replace(Fixtures.read(fixture + ".response.xml"), tokens);
        String operation = operationOf(fixture);
        boolean success = expected.contains("<SUCCESS>TRUE</SUCCESS>") || expected.contains("<SUCCESS>SUCCESS</SUCCESS>");
        if (success) {
            EnvelopeSchemas.assertValidRequest(request);
        }

        // when it is sent the way its name says
        Reply reply = send(fixture, operation, request);

        // then the reply is HTTP 200 text/xml, valid against the schemas, and matches the fixture
        assertEquals(200, reply.status(), reply.body());
        assertEquals("text/xml;charset=UTF-8", reply.contentType().replace(" ", ""), reply.body());
        EnvelopeSchemas.assertValidResponse(operation, reply.body());
        assertEquals(List.of(), NumericElements.notIntegers(reply.body()), "numeric elements that are not integers");
        String actual = "GetLists".equals(operation)
                ? onlyLists(reply.body(), Set.of(tokens.get("@LIST_ID@"), tokens.get("@CONTACT_LIST_ID@"))) : reply.body();
        Fixtures.assertMatchesText(fixture + ".response.xml", expected, actual);
    }

    @Test
    void everyRegisteredOperationHasAnAnswerSchemaAndASuccessFixture() throws IOException, URISyntaxException {
        // given the operations the registry knows, as its unknown-operation fault lists them
        Reply reply = api.form("<Envelope><Body><NoSuchOperation/></Body></Envelope>", null);
        String listed = reply.faultString().substring(reply.faultString().indexOf("Supported operations: ") + 22);
        Path root = Paths.get(EnvelopeFixturesIT.class.getResource("/fixtures").toURI());
        List<String> missing = new ArrayList<>();
        for (String operation : listed.split(", ")) {
            // then each has its answer schema (where NumericAnswersSchemaTest checks the numbers) and at least
            // one success fixture (whose answer the parameterized test walks for empty numbers)
            if (EnvelopeSchemas.class.getClassLoader().getResource("xsd/xmlapi/" + operation + "-response.xsd") == null) {
                missing.add(operation + ": no xsd/xmlapi/" + operation + "-response.xsd");
            }
            Path folder = root.resolve(folderOf(operation));
            boolean success = false;
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    success = files.anyMatch(f -> f.getFileName().toString().endsWith(".response.xml")
                            && Fixtures.read(root.relativize(f).toString().replace('\\', '/')).matches("(?s).*<SUCCESS>(TRUE|SUCCESS)</SUCCESS>.*"));
                }
            }
            if (!success) {
                missing.add(operation + ": no success fixture in fixtures/" + folderOf(operation));
            }
        }
        assertEquals(List.of(), missing);
    }

    /** The fixture folder of an operation: ImportList's is {@code import-list}. */
    private static String folderOf(String operation) {
        return operation.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static Reply send(String fixture, String operation, String request) {
        String session;
        if ("Login".equals(operation) || fixture.contains("no-session")) {
            session = null;
        } else if (fixture.contains("globex-session")) {
            session = api.loginSession(TestUsers.GLOBEX_USER, TestUsers.GLOBEX_PASSWORD);
        } else if (fixture.contains("bad-session")) {
            session = UNKNOWN_SESSION;
        } else {
            session = api.loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
            if (fixture.contains("logged-out-session")) {
                assertEquals("TRUE", api.form(XmlApiClient.LOGOUT, session).success());
            }
        }
        if (fixture.contains("raw-form")) {
            return api.rawForm(request, session);
        }
        if (fixture.contains("text-xml")) {
            return api.textXml(request, session);
        }
        if (fixture.contains("form-utf8")) {
            return api.form(request, session, StandardCharsets.UTF_8, true);
        }
        return api.form(request, session);
    }

    private static String replace(String text, Map<String, String> tokens) {
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            text = text.replace(t.getKey(), t.getValue());
        }
        return text;
    }

    /** The operation of a case, from its folder: {@code import-list/...} is ImportList. */
    private static String operationOf(String fixture) {
        StringBuilder name = new StringBuilder();
        for (String part : fixture.substring(0, fixture.indexOf('/')).split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }

    /** The reply with every LIST but those with these IDs left out. */
    private static String onlyLists(String xml, Set<String> ids) {
        Document doc = parse(xml);
        NodeList lists = doc.getElementsByTagName("LIST");
        for (int i = lists.getLength() - 1; i >= 0; i--) {
            Element list = (Element) lists.item(i);
            if (!ids.contains(list.getElementsByTagName("ID").item(0).getTextContent())) {
                list.getParentNode().removeChild(list);
            }
        }
        try {
            StringWriter out = new StringWriter();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Document parse(String xml) {
        try {
            return HardenedXml.documentBuilderFactory().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + xml, e);
        }
    }
}
