package io.listgate.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
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
import java.util.Date;
import java.util.HexFormat;
import java.util.Set;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
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
 *       its random password in {@value #KEYSTORE_PASSWORD_FILE};</li>
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
    private final KeyPair sshHostKey;

    private KeyMaterial(Path keystore, String keystorePassword, X509Certificate certificate, KeyPair sshHostKey) {
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
        this.certificate = certificate;
        this.sshHostKey = sshHostKey;
    }

    /**
     * Loads the keys under {@code keysDir}, generating whichever is missing.
     *
     * @throws IllegalStateException when existing files are unreadable, half present, or hold an SSH key
     *                               that old clients would refuse
     */
    public static KeyMaterial loadOrCreate(Path keysDir) {
        try {
            Path dir = keysDir.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                restrict(dir, OWNER_ONLY_DIR);
            }
            Path keystore = dir.resolve(KEYSTORE_FILE);
            Path passwordFile = dir.resolve(KEYSTORE_PASSWORD_FILE);
            if (!Files.exists(keystore) && !Files.exists(passwordFile)) {
                createKeystore(keystore, passwordFile);
            } else if (!Files.exists(keystore) || !Files.exists(passwordFile)) {
                // Regenerating one half would silently orphan the other: let the operator decide.
                throw new IllegalStateException("found only one of " + keystore + " and " + passwordFile
                        + "; restore the other or delete both to generate new ones");
            }
            String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
            X509Certificate certificate = readCertificate(keystore, password);

            Path sshKeyFile = dir.resolve(SSH_HOST_KEY_FILE);
            if (!Files.exists(sshKeyFile)) {
                writePrivateKey(sshKeyFile, generateRsa().getPrivate());
            }
            KeyPair sshHostKey = readSshHostKey(sshKeyFile);

            KeyMaterial keys = new KeyMaterial(keystore, password, certificate, sshHostKey);
            LOG.info("FTPS certificate {} SHA-256 fingerprint {}", certificate.getSubjectX500Principal().getName(),
                    keys.certificateFingerprint());
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

    private static void createKeystore(Path keystore, Path passwordFile)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        KeyPair pair = generateRsa();
        X509Certificate certificate = selfSign(pair);

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(KEY_ALIAS, pair.getPrivate(), password.toCharArray(), new X509Certificate[] {certificate});
        // Password first: a keystore without its password would be useless at the next start.
        writeSecretFile(passwordFile, out -> out.write(password.getBytes(StandardCharsets.US_ASCII)));
        writeSecretFile(keystore, out -> {
            try {
                store.store(out, password.toCharArray());
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot write keystore", e);
            }
        });
        LOG.info("Generated a self-signed FTPS certificate in {}", keystore);
    }

    private static X509Certificate selfSign(KeyPair pair) throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=ListGate FTPS, O=ListGate");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                subject, pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }

    private static X509Certificate readCertificate(Path keystore, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        if (!(store.getCertificate(KEY_ALIAS) instanceof X509Certificate certificate) || !store.isKeyEntry(KEY_ALIAS)) {
            throw new IllegalStateException(keystore + " holds no key entry named " + KEY_ALIAS);
        }
        return certificate;
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

    /** Writes owner-only (where the file system knows POSIX permissions), atomically, never over an existing file. */
    private static void writeSecretFile(Path target, Content content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            restrict(temp, OWNER_ONLY);
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.writeTo(out);
            }
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
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
