package io.listgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.config.ConfigurationException;
import io.listgate.support.TestCertificates;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCertificateTest {

    @TempDir
    Path dir;

    private final TestCertificates authority = TestCertificates.newAuthority();

    @Test
    void aFullChainAndItsKeyInPemLoadWithTheServerCertificateFirst() {
        // given
        TestCertificates.Issued issued = authority.issue("server");
        authority.writePem(issued, dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"));

        // when
        ServerCertificate certificate = ServerCertificate.fromPem(dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"));

        // then
        assertEquals(issued.certificate(), certificate.leaf());
        assertEquals(2, certificate.chain().size());
        assertEquals(issued.fingerprint(), certificate.fingerprint());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedSayingSo() {
        // given the renewed certificate written, its key not yet
        TestCertificates.Issued old = authority.issue("old");
        authority.writePem(old, dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"));
        authority.writeChain(authority.issue("renewed"), dir.resolve("fullchain.pem"));

        // when
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ServerCertificate.fromPem(dir.resolve("fullchain.pem"), dir.resolve("privkey.pem")));

        // then
        assertTrue(e.getMessage().contains("belongs to none of the certificates"), e.getMessage());
    }

    @Test
    void aFileWithoutACertificateIsRefused() throws Exception {
        Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        authority.writeKey(authority.issue("server"), dir.resolve("privkey.pem"));

        assertThrows(ConfigurationException.class,
                () -> ServerCertificate.fromPem(dir.resolve("empty.pem"), dir.resolve("privkey.pem")));
    }

    @Test
    void aPkcs12KeystoreLoadsItsKeyEntry() throws Exception {
        // given
        TestCertificates.Issued issued = authority.issue("server");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", issued.key().getPrivate(), "pw".toCharArray(), new X509Certificate[] {issued.certificate()});
        Path file = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "pw".toCharArray());
        }

        // when
        ServerCertificate certificate = ServerCertificate.fromPkcs12(file, "pw");

        // then
        assertEquals(issued.certificate(), certificate.leaf());
        assertThrows(ConfigurationException.class, () -> ServerCertificate.fromPkcs12(file, "wrong"));
    }
}
