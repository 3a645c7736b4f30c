package io.listgate.tls;

import io.listgate.config.AddressRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own keys, generated on first start and reused afterwards so that clients which pinned
 * a fingerprint keep trusting the server:
 * <ul>
 *   <li>{@value #KEYSTORE_FILE}: PKCS12 keystore with a self-signed RSA certificate for explicit FTPS,
 *       and for HTTPS unless certificate files are configured (ADR 0014), its random password in
 *       {@value #KEYSTORE_PASSWORD_FILE}. The certificate names the configured host names as subject
 *       alternative names; when they change, it is reissued for the same key;</li>
 *   <li>{@value #SSH_HOST_KEY_FILE}: the SSH host key (PKCS#8 PEM). Generated as RSA 3072 because old
 *       SSH libraries (JSch 0.1.5x) accept only RSA or ECDSA P-256 host keys, and MINA SSHD's own
 *       default would be P-521.</li>
 * </ul>
 * Both SHA-256 fingerprints are logged at INFO on every start.
 */
public final class KeyMaterial {

    public static final String KEYSTORE_FILE = "ftps-keystore.p12";
    public static final String KEYSTORE_PASSWORD_FILE = "ftps-keystore.password";
    public static final String KEY_ALIAS = "listgate";
    public static final String SSH_HOST_KEY_FILE = "ssh-host-key.pem";

    private static final Logger LOG = LoggerFactory.getLogger(KeyMaterial.class);
    private static final int RSA_BITS = 3072;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path keystore;
    private final String keystorePassword;
    private final X509Certificate certificate;
    private final PrivateKey certificateKey;
    private final KeyPair sshHostKey;

    private KeyMaterial(Path keystore, String keystorePassword, X509Certificate certificate, PrivateKey certificateKey,
                        KeyPair sshHostKey) {
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
        this.certificate = certificate;
        this.certificateKey = certificateKey;
        this.sshHostKey = sshHostKey;
    }

    /**
     * Loads the keys under {@code keysDir}, generating whichever is missing; the certificate is valid
     * for {@code hostNames} (DNS names or IP literals).
     *
     * @throws IllegalStateException when existing files are unreadable, half present, or hold an SSH key
     *                               that old clients would refuse
     */
    public static KeyMaterial loadOrCreate(Path keysDir, List<String> hostNames) {
        try {
            Path dir = keysDir.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                restrict(dir, OWNER_ONLY_DIR);
            }
            Path keystore = dir.resolve(KEYSTORE_FILE);
            Path passwordFile = dir.resolve(KEYSTORE_PASSWORD_FILE);
            if (!Files.exists(keystore) && !Files.exists(passwordFile)) {
                createKeystore(keystore, passwordFile, hostNames);
            } else if (!Files.exists(keystore) || !Files.exists(passwordFile)) {
                // Regenerating one half would silently orphan the other: let the operator decide.
                throw new IllegalStateException("found only one of " + keystore + " and " + passwordFile
                        + "; restore the other or delete both to generate new ones");
            }
            String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
            KeyStore store = readKeystore(keystore, password);
            X509Certificate certificate = (X509Certificate) store.getCertificate(KEY_ALIAS);
            PrivateKey certificateKey = (PrivateKey) store.getKey(KEY_ALIAS, password.toCharArray());
            if (!subjectAlternativeNames(certificate).equals(normalized(hostNames))) {
                certificate = reissue(store, keystore, password, new KeyPair(certificate.getPublicKey(), certificateKey), hostNames);
            }

            Path sshKeyFile = dir.resolve(SSH_HOST_KEY_FILE);
            if (!Files.exists(sshKeyFile)) {
                writePrivateKey(sshKeyFile, generateRsa().getPrivate());
            }
            KeyPair sshHostKey = readSshHostKey(sshKeyFile);

            KeyMaterial keys = new KeyMaterial(keystore, password, certificate, certificateKey, sshHostKey);
            LOG.info("Generated TLS certificate {} for {}, SHA-256 fingerprint {}", certificate.getSubjectX500Principal().getName(),
                    String.join(", ", hostNames), keys.certificateFingerprint());
            LOG.info("SSH host key {} {}", describe(sshHostKey.getPublic()), keys.sshHostKeyFingerprint());
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create keys in " + keysDir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot load or create keys in " + keysDir, e);
        }
    }

    /** The PKCS12 keystore holding the FTPS certificate and key under {@link #KEY_ALIAS}. */
    public Path keystore() {
        return keystore;
    }

    /** Password of the keystore and of its key entry. */
    public String keystorePassword() {
        return keystorePassword;
    }

    public String keyAlias() {
        return KEY_ALIAS;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The generated certificate with its key, as HTTPS serves it when no certificate files are configured. */
    public ServerCertificate serverCertificate() {
        return new ServerCertificate(certificateKey, List.of(certificate));
    }

    /** The SSH host key: RSA of at least 3072 bits or ECDSA P-256. */
    public KeyPair sshHostKey() {
        return sshHostKey;
    }

    /** SHA-256 of the DER-encoded certificate, colon-separated hex as browsers and openssl show it. */
    public String certificateFingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The host key fingerprint as OpenSSH prints it: {@code SHA256:<base64 without padding>}. */
    public String sshHostKeyFingerprint() {
        return sshFingerprint(sshHostKey.getPublic());
    }

    /** OpenSSH-style SHA-256 fingerprint of an RSA or EC public key. */
    public static String sshFingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    private static void createKeystore(Path keystore, Path passwordFile, List<String> hostNames)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        KeyPair pair = generateRsa();
        X509Certificate certificate = selfSign(pair, hostNames);

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(KEY_ALIAS, pair.getPrivate(), password.toCharArray(), new X509Certificate[] {certificate});
        // Password first: a keystore without its password would be useless at the next start.
        writeSecretFile(passwordFile, out -> out.write(password.getBytes(StandardCharsets.US_ASCII)));
        writeKeystore(keystore, store, password, false);
        LOG.info("Generated a self-signed TLS certificate in {}", keystore);
    }

    /**
     * The host names changed: a new certificate for the same key, so clients that pinned the public key
     * keep trusting it; those that pinned the certificate see a new fingerprint, logged here.
     */
    private static X509Certificate reissue(KeyStore store, Path keystore, String password, KeyPair pair, List<String> hostNames)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        X509Certificate certificate = selfSign(pair, hostNames);
        store.setKeyEntry(KEY_ALIAS, pair.getPrivate(), password.toCharArray(), new X509Certificate[] {certificate});
        writeKeystore(keystore, store, password, true);
        LOG.warn("Reissued the self-signed TLS certificate in {} for {} (same key, new certificate fingerprint)",
                keystore, String.join(", ", hostNames));
        return certificate;
    }

    private static void writeKeystore(Path file, KeyStore store, String password, boolean replace) throws IOException {
        writeSecretFile(file, replace, out -> {
            try {
                store.store(out, password.toCharArray());
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot write keystore", e);
            }
        });
    }

    private static X509Certificate selfSign(KeyPair pair, List<String> hostNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=" + hostNames.get(0) + ", O=ListGate");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                subject, pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        // Clients check the host name against these, not the CN (RFC 6125 section 6.4.4).
        GeneralName[] names = hostNames.stream().map(name -> AddressRange.literal(name).isPresent()
                ? new GeneralName(GeneralName.iPAddress, name) : new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }

    private static KeyStore readKeystore(Path keystore, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        if (!(store.getCertificate(KEY_ALIAS) instanceof X509Certificate) || !store.isKeyEntry(KEY_ALIAS)) {
            throw new IllegalStateException(keystore + " holds no key entry named " + KEY_ALIAS);
        }
        return store;
    }

    /** DNS names as written, IP addresses in Java's canonical text, so that {@code ::1} equals {@code 0:0:0:0:0:0:0:1}. */
    private static Set<String> subjectAlternativeNames(X509Certificate certificate) throws GeneralSecurityException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        Set<String> out = new LinkedHashSet<>();
        if (names != null) {
            for (List<?> name : names) {
                out.add(canonical(String.valueOf(name.get(1))));
            }
        }
        return out;
    }

    private static String canonical(String name) {
        return AddressRange.literal(name).map(bytes -> {
            try {
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(name, e);
            }
        }).orElse(name);
    }

    private static Set<String> normalized(List<String> hostNames) {
        Set<String> out = new LinkedHashSet<>();
        hostNames.forEach(name -> out.add(canonical(name)));
        return out;
    }

    private static KeyPair generateRsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(RSA_BITS, new SecureRandom());
        return generator.generateKeyPair();
    }

    private static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        writeSecretFile(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
            JcaPEMWriter pem = new JcaPEMWriter(writer);
            pem.writeObject(new JcaPKCS8Generator(key, null));
            pem.flush();
        });
        LOG.info("Generated an RSA {} SSH host key in {}", RSA_BITS, file);
    }

    private static KeyPair readSshHostKey(Path file) throws IOException, GeneralSecurityException {
        Object parsed;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            parsed = parser.readObject();
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        KeyPair pair;
        if (parsed instanceof PEMKeyPair pemPair && pemPair.getPublicKeyInfo() != null) {
            pair = converter.getKeyPair(pemPair);
        } else if (parsed instanceof PrivateKeyInfo info) {
            PrivateKey privateKey = converter.getPrivateKey(info);
            if (!(privateKey instanceof RSAPrivateCrtKey rsa)) {
                throw new IllegalStateException(file + " holds a " + privateKey.getAlgorithm() + " key in PKCS#8 form;"
                        + " use RSA (3072 bits or more) in PKCS#8 or ECDSA P-256 in SEC1 form with its public key");
            }
            PublicKey publicKey = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            pair = new KeyPair(publicKey, privateKey);
        } else {
            throw new IllegalStateException(file + " holds no PEM private key with its public key");
        }
        requireOldClientCompatible(file, pair.getPublic());
        return pair;
    }

    /** JSch 0.1.5x verifies only RSA and ECDSA P-256 host keys; anything else locks those clients out. */
    private static void requireOldClientCompatible(Path file, PublicKey key) {
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= RSA_BITS) {
            return;
        }
        if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            return;
        }
        throw new IllegalStateException(file + " holds a " + describe(key)
                + " host key; use RSA (3072 bits or more) or ECDSA P-256, or delete it to generate one");
    }

    private static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return "EC " + ec.getParams().getCurve().getField().getFieldSize();
        }
        return key.getAlgorithm();
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void writeSecretFile(Path target, Content content) throws IOException {
        writeSecretFile(target, false, content);
    }

    /** Writes owner-only (where the file system knows POSIX permissions), atomically, over an existing file only if told. */
    private static void writeSecretFile(Path target, boolean replace, Content content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            restrict(temp, OWNER_ONLY);
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.writeTo(out);
            }
            if (!replace && Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            StandardCopyOption[] over = replace ? new StandardCopyOption[] {StandardCopyOption.REPLACE_EXISTING}
                    : new StandardCopyOption[0];
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, over);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException e) {
            LOG.debug("{} has no POSIX permissions; protect it by other means", path);
        }
    }
}
