package io.listgate.tls;

import io.listgate.config.ListGateConfig.CertificateSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the HTTPS certificate when its files change on disk, so a renewal by an ACME client needs no
 * restart (issue 16). The files are compared by content, not modification time: certbot swaps a
 * symbolic link and Kubernetes swaps a directory, and neither touches the time of the path configured.
 * A change that does not load (the certificate written, the key not yet) is logged once and retried
 * at the next check; the server keeps presenting the certificate it has.
 */
public final class CertificateWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateWatcher.class);

    private final CertificateSource source;
    private final Supplier<ServerCertificate> load;
    private final Consumer<ServerCertificate> apply;
    private final ScheduledExecutorService timer;
    /** Digest of the files now served, and of the last version that failed; only the timer thread touches them. */
    private byte[] served;
    private byte[] failed;

    /** {@code load} reads {@code source}'s files; {@code apply} hands a certificate that loaded to the listener. */
    public CertificateWatcher(CertificateSource source, Duration interval, Supplier<ServerCertificate> load,
                              Consumer<ServerCertificate> apply) {
        this.source = source;
        this.load = load;
        this.apply = apply;
        this.served = digest();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tls-reload");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        byte[] now = digest();
        if (now == null || Arrays.equals(now, served) || Arrays.equals(now, failed)) {
            return;
        }
        try {
            ServerCertificate certificate = load.get();
            apply.accept(certificate);
            served = now;
            failed = null;
            LOG.info("HTTPS certificate reloaded from {}: {}", source.files(), certificate.describe());
        } catch (RuntimeException e) {
            failed = now;
            LOG.warn("HTTPS certificate files {} changed but cannot be used yet ({}); keeping the current certificate"
                    + " and checking again", source.files(), e.getMessage());
        }
    }

    /** SHA-256 over every file's content; null while one is missing or unreadable (mid-renewal). */
    private byte[] digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : source.files()) {
                sha.update(Files.readAllBytes(file));
                sha.update((byte) 0);
            }
            return sha.digest();
        } catch (IOException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
