package io.listgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.config.ListGateConfig.CertificateSource;
import io.listgate.support.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateWatcherTest {

    @TempDir
    Path dir;

    @Test
    void aRenewalIsAppliedOnceBothFilesBelongTogetherAndNotBefore() throws Exception {
        // given
        TestCertificates authority = TestCertificates.newAuthority();
        CertificateSource.PemFiles files = new CertificateSource.PemFiles(dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"));
        authority.writePem(authority.issue("first"), files.certificateChain(), files.privateKey());
        BlockingQueue<ServerCertificate> applied = new LinkedBlockingQueue<>();
        try (CertificateWatcher watcher = new CertificateWatcher(files, Duration.ofMillis(50),
                () -> ServerCertificate.fromPem(files.certificateChain(), files.privateKey()), applied::add)) {
            TestCertificates.Issued renewed = authority.issue("renewed");

            // when the certificate changes without its key
            authority.writeChain(renewed, files.certificateChain());

            // then nothing is applied
            assertEquals(null, applied.poll(500, TimeUnit.MILLISECONDS));

            // when the key follows
            authority.writeKey(renewed, files.privateKey());

            // then the pair is applied, once
            ServerCertificate first = applied.poll(10, TimeUnit.SECONDS);
            assertEquals(renewed.fingerprint(), first.fingerprint());
            assertTrue(applied.poll(300, TimeUnit.MILLISECONDS) == null, "an unchanged pair is not applied again");
        }
    }
}
