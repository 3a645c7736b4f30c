package io.listgate.tls;

import io.listgate.config.ConfigurationException;
import io.listgate.config.ListGateConfig.CertificateSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The certificate chain and private key HTTPS presents, read from where the configuration says and
 * checked to belong together before anything serves them: a renewal half written to disk is refused
 * here, and the server keeps the certificate it has.
 */
public final class ServerCertificate {

    public static final String ALIAS = "listgate";

    /**
     * A signature algorithm per key type, to prove the key and the certificate belong together. EC keys
     * are "ECDSA" when BouncyCastle's provider is registered (MINA SSHD registers it), "EC" otherwise.
     */
    private static final Map<String, String> PROOF = Map.of("RSA", "SHA256withRSA", "EC", "SHA256withECDSA",
            "ECDSA", "SHA256withECDSA", "Ed25519", "Ed25519", "EdDSA", "Ed25519");

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    ServerCertificate(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /** The configured certificate, or the generated one in {@code keys}. */
    public static ServerCertificate load(CertificateSource source, KeyMaterial keys) {
        // Java 17 has no pattern matching in switch; the interface is sealed to these three.
        if (source instanceof CertificateSource.PemFiles pem) {
            return fromPem(pem.certificateChain(), pem.privateKey());
        }
        if (source instanceof CertificateSource.Pkcs12File p12) {
            return fromPkcs12(p12.keystore(), p12.password());
        }
        return keys.serverCertificate();
    }

    /**
     * A PEM certificate file (leaf and intermediates, in any order, as ACME clients write
     * {@code fullchain.pem}) and an unencrypted PEM key (PKCS#8, PKCS#1 RSA or SEC1 EC).
     */
    public static ServerCertificate fromPem(Path chainFile, Path keyFile) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(chainFile, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("cannot read the certificate file " + chainFile + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new ConfigurationException(chainFile + " holds no PEM certificate");
        }
        return matched(readKey(keyFile), certificates, chainFile + " and " + keyFile);
    }

    /** The first key entry of a PKCS#12 keystore, with its chain. */
    public static ServerCertificate fromPkcs12(Path file, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getKey(alias, password.toCharArray()) instanceof PrivateKey key) {
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return matched(key, chain, file.toString());
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("cannot read the PKCS#12 keystore " + file + " (is the password right?): "
                    + e.getMessage(), e);
        }
        throw new ConfigurationException(file + " holds no private key entry");
    }

    /** A keystore holding this chain and key under {@link #ALIAS}, the key protected by {@code password}. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(new X509Certificate[0]));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("an in-memory keystore always accepts a key entry", e);
        }
    }

    /** The certificate clients check the host name against. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    /** SHA-256 of the leaf, colon-separated hex as browsers and openssl show it. */
    public String fingerprint() {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(leaf().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Subject, expiry and fingerprint, for the log. */
    public String describe() {
        return leaf().getSubjectX500Principal().getName() + ", valid until " + leaf().getNotAfter().toInstant()
                + ", chain of " + chain.size() + ", SHA-256 " + fingerprint();
    }

    private static PrivateKey readKey(Path keyFile) {
        Object item;
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            item = parser.readObject();
            while (item != null && !(item instanceof PrivateKeyInfo || item instanceof PEMKeyPair
                    || item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo)) {
                item = parser.readObject();
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the key file " + keyFile + ": " + e.getMessage(), e);
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (item instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (item instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot use the key in " + keyFile + ": " + e.getMessage(), e);
        }
        if (item != null) {
            // The server starts unattended: there is nobody to type a passphrase.
            throw new ConfigurationException(keyFile + " holds an encrypted key; give it unencrypted, readable by this"
                    + " server only (openssl pkey -in encrypted.pem -out key.pem)");
        }
        throw new ConfigurationException(keyFile + " holds no PEM private key");
    }

    /** The chain with the certificate of {@code key} first; fails when no certificate in it is the key's. */
    private static ServerCertificate matched(PrivateKey key, List<X509Certificate> certificates, String where) {
        String algorithm = PROOF.get(key.getAlgorithm());
        if (algorithm == null) {
            throw new ConfigurationException(where + ": a " + key.getAlgorithm() + " key is not supported; use RSA or EC");
        }
        for (X509Certificate candidate : certificates) {
            if (belongTogether(key, candidate, algorithm)) {
                List<X509Certificate> chain = new ArrayList<>(certificates);
                chain.remove(candidate);
                chain.add(0, candidate);
                return new ServerCertificate(key, chain);
            }
        }
        throw new ConfigurationException(where + ": the private key belongs to none of the certificates");
    }

    private static boolean belongTogether(PrivateKey key, X509Certificate certificate, String algorithm) {
        try {
            byte[] probe = "listgate".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
