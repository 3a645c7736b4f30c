package io.listgate.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlowLayoutTest {

    @ParameterizedTest
    @ValueSource(strings = {"/contacts/import/in/a.csv", "/contacts/delete/in/x.csv.done", "/flows/crm/optoutEMAIL/in/b.csv",
        "/contacts/optoutSMS/in/s.csv", "/flows/crm/optinVOICE/in/v.csv", "/contacts/optoutVOICEMAIL/.explodeAndDispatch",
        "/contacts/import/map.xml", "/flows/crm/import/flow.yaml", "/contacts/dispatch.csv",
        "/flows/crm/optoutEMAIL/.explodeAndDispatch", "/flows/crm/import/.syncExistingList", "/contacts/.markers", "/flows/crm",
        "/upload/anything/deep.csv"})
    void clientsWriteFilesOfInTheMappingMarkersAndTheirOwnFlowRoots(String path) {
        assertTrue(OrganizationRoot.isWritable(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/contacts/import/on/a.csv", "/contacts/import/ok/a.csv", "/contacts/import/in",
        "/contacts/import/in/sub/a.csv", "/contacts/other/in/a.csv", "/flows/.hidden", "/flows/crm/extra/x",
        "/contacts", "/flows", "/download/1.res", "/contacts/import/.explodeAndDispatch",
        "/contacts/import/dispatch.csv", "/contacts/import/in/../on/a.csv", "/flows/a/b",
        "/contacts/optoutFAX/in/a.csv", "/contacts/optoutSMS/on/1_a.csv"})
    void everythingElseOfTheTreeIsReadOnly(String path) {
        assertFalse(OrganizationRoot.isWritable(path), path);
    }

    @Test
    void resultsMayBeRemovedButNotWrittenAndOnNeither() {
        assertTrue(OrganizationRoot.isRemovable("/contacts/import/ok/1_a.csv"));
        assertTrue(OrganizationRoot.isRemovable("/flows/crm/delete/ko/1_a.csv.res"));
        assertFalse(OrganizationRoot.isWritable("/contacts/import/ok/1_a.csv"));
        assertFalse(OrganizationRoot.isRemovable("/contacts/import/on/1_a.csv"));
    }

    @Test
    void aFileOfInKnowsItsFlowRootAndKind() {
        FlowLayout.InFile file = FlowLayout.inFile("/flows/crm/optoutEMAIL/in/stop.csv").orElseThrow();

        assertEquals("flows/crm", file.flowRoot());
        assertEquals(FlowLayout.Kind.OPT_OUT_EMAIL, file.kind());
        assertEquals("stop.csv", file.name());
        assertEquals(".stop.csv.uploading", FlowLayout.uploadingSentinel("stop.csv"));
    }

    @Test
    void theChannelFoldersNameTheirMedia() {
        assertEquals(FlowLayout.Kind.OPT_IN_VOICEMAIL, FlowLayout.inFile("/contacts/optinVOICEMAIL/in/a.csv").orElseThrow().kind());
        assertEquals("VOICE", FlowLayout.Kind.OPT_OUT_VOICE.media().orElseThrow());
        assertEquals("SMS", FlowLayout.Kind.OPT_IN_SMS.media().orElseThrow());
        assertTrue(FlowLayout.Kind.DELETE.media().isEmpty());
    }
}
