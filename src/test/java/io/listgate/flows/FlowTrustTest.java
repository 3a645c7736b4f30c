package io.listgate.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.OpenSsh;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowTrustTest {

    @TempDir
    Path dir;

    @Test
    void aHostKeyIsReadFromAFingerprintASshKeygenLineOrAKnownHostsLine() throws Exception {
        // given
        String publicLine = OpenSsh.generateKey(dir.resolve("host"), "ed25519");
        String fingerprint = KeyUtils.getFingerPrint(AuthorizedKeyEntry.parseAuthorizedKeyEntry(publicLine)
                .resolvePublicKey(null, PublicKeyEntryResolver.FAILING));

        // when / then
        assertEquals(fingerprint, FlowTrust.hostKeyFingerprint(fingerprint));
        assertEquals(fingerprint, FlowTrust.hostKeyFingerprint("256 " + fingerprint + " listgate-test (ED25519)"));
        assertEquals(fingerprint, FlowTrust.hostKeyFingerprint("[files.example]:2222 " + publicLine));
        FlowScanner.Refused refused = assertThrows(FlowScanner.Refused.class, () -> FlowTrust.hostKeyFingerprint("nope"));
        assertTrue(refused.getMessage().contains("hostKey must be a SHA256:"), refused.getMessage());
    }

    @Test
    void aCertificateFingerprintIsReadAsOpensslPrintsItAndAnythingElseIsRefused() {
        String hex = "ab".repeat(32);
        String colons = "AB:".repeat(31) + "AB";

        assertEquals(hex, FlowTrust.certificateFingerprint("sha256 Fingerprint=" + colons));
        assertEquals(hex, FlowTrust.certificateFingerprint(colons));
        assertThrows(FlowScanner.Refused.class, () -> FlowTrust.certificateFingerprint("AB:CD"));
    }

    @Test
    void theFirstHostKeyIsRecordedPerHostAndPort() throws Exception {
        FlowTrust.recordHostKey(dir, "a:22", "SHA256:one");
        FlowTrust.recordHostKey(dir, "b:22", "SHA256:two");

        assertEquals("SHA256:one", FlowTrust.recordedHostKey(dir, "a:22"));
        assertEquals("SHA256:two", FlowTrust.recordedHostKey(dir, "b:22"));
        assertEquals(null, FlowTrust.recordedHostKey(dir, "c:22"));
        assertTrue(Files.exists(dir.resolve(FlowTrust.HOST_KEYS)));
    }
}
