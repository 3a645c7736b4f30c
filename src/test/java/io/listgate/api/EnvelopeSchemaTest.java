package io.listgate.api;

import static io.listgate.support.EnvelopeSchemas.problem;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.listgate.support.EnvelopeSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The envelope schemas of {@code xsd/xmlapi/} hold the wire contract: what they accept and what they refuse. */
class EnvelopeSchemaTest {

    private static final String FAULT = "<Envelope><Body><RESULT><SUCCESS>false</SUCCESS></RESULT><Fault><Request/><FaultCode/>"
            + "<FaultString>Session has expired or is invalid</FaultString><detail><error><errorid>145</errorid><module/>"
            + "<class>SP.Admin</class><method/></error></detail></Fault></Body></Envelope>";

    @ParameterizedTest
    @ValueSource(strings = {"requests.xsd", "fault-response.xsd", "Login-response.xsd", "Logout-response.xsd",
            "ImportList-response.xsd", "GetJobStatus-response.xsd", "GetLists-response.xsd",
            "CreateContactList-response.xsd", "SelectRecipientData-response.xsd", "GetListMetaData-response.xsd",
            "AddListColumn-response.xsd"})
    void everySchemaIsOnTheClasspathAndCompiles(String file) {
        assertNotNull(EnvelopeSchemas.schema(file));
    }

    @Test
    void aRequestMayLeaveOptionalElementsEmptyAndListElementsInAnyOrder() {
        // given an ImportList with FILE_ENCODING first, an empty EMAIL and the enum-style encoding
        String request = "<Envelope><Body><ImportList><FILE_ENCODING>iso_8859_1</FILE_ENCODING><EMAIL/>"
                + "<SOURCE_FILE>a.csv</SOURCE_FILE><MAP_FILE>m.xml</MAP_FILE></ImportList></Body></Envelope>";
        // then it is valid
        assertNull(problem("requests.xsd", request));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<Envelope><Body><Login><USERNAME>a</USERNAME></Login></Body></Envelope>",
            "<Envelope><Body><Login><USERNAME>a</USERNAME><PASSWORD/></Login></Body></Envelope>",
            "<Envelope><Body><ImportList><MAP_FILE>m</MAP_FILE><SOURCE_FILE>s</SOURCE_FILE><FILE_ENCODING>UTF-16</FILE_ENCODING></ImportList></Body></Envelope>",
            "<Envelope><Body><GetJobStatus><JOB_ID>abc</JOB_ID></GetJobStatus></Body></Envelope>",
            "<Envelope><Body><Frobnicate/></Body></Envelope>",
            "<envelope><Body><Logout/></Body></envelope>"})
    void aRequestMissingARequiredValueOrWithAnUnknownOperationIsRefused(String request) {
        assertNotNull(problem("requests.xsd", request));
    }

    @Test
    void theFaultShapeOfTheSpecIsValid() {
        assertNull(problem("fault-response.xsd", FAULT));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // SOAP-ENV prefix breaks clients
            "<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\"><Body/></SOAP-ENV:Envelope>",
            // FALSE is taken for success by one client
            "<Envelope><Body><RESULT><SUCCESS>FALSE</SUCCESS></RESULT><Fault><Request/><FaultCode/><FaultString>x</FaultString>"
                    + "<detail><error><errorid>55</errorid><module/><class>SP.API</class><method/></error></detail></Fault></Body></Envelope>",
            // a non-numeric errorid crashes a client
            "<Envelope><Body><RESULT><SUCCESS>false</SUCCESS></RESULT><Fault><Request/><FaultCode/><FaultString>x</FaultString>"
                    + "<detail><error><errorid>E55</errorid><module/><class>SP.API</class><method/></error></detail></Fault></Body></Envelope>",
            // without RESULT a client waits forever
            "<Envelope><Body><Fault><Request/><FaultCode/><FaultString>x</FaultString>"
                    + "<detail><error><errorid>55</errorid><module/><class>SP.API</class><method/></error></detail></Fault></Body></Envelope>"})
    void aFaultClientsCannotReadIsRefused(String response) {
        assertNotNull(problem("fault-response.xsd", response));
    }

    @ParameterizedTest
    @ValueSource(strings = {"True", " TRUE", "yes"})
    void successIsExactlyTrueOrTRUE(String success) {
        assertNull(problem("Logout-response.xsd", "<Envelope><Body><RESULT><SUCCESS>TRUE</SUCCESS></RESULT></Body></Envelope>"));
        assertNotNull(problem("Logout-response.xsd", "<Envelope><Body><RESULT><SUCCESS>" + success + "</SUCCESS></RESULT></Body></Envelope>"));
    }

    @Test
    void jobStatusCanceledIsSpelledWithOneL() {
        String status = "<Envelope><Body><RESULT><SUCCESS>TRUE</SUCCESS><JOB_ID>7</JOB_ID><JOB_STATUS>%s</JOB_STATUS>"
                + "<JOB_DESCRIPTION/><PARAMETERS/></RESULT></Body></Envelope>";
        assertNull(problem("GetJobStatus-response.xsd", status.formatted("CANCELED")));
        assertNotNull(problem("GetJobStatus-response.xsd", status.formatted("CANCELLED")));
    }

    @Test
    void aJobIdIsAnUnpaddedPositiveInteger() {
        String reply = "<Envelope><Body><RESULT><SUCCESS>TRUE</SUCCESS><JOB_ID>%s</JOB_ID></RESULT></Body></Envelope>";
        assertNull(problem("ImportList-response.xsd", reply.formatted("42")));
        assertNotNull(problem("ImportList-response.xsd", reply.formatted("0042")));
    }
}
