package io.listgate.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {

    private static final List<String> NAMES = List.of("localhost", "127.0.0.1");

    @TempDir
    Path keysDir;

    @Test
    void firstStartGeneratesKeysThatLaterStartsReuse() {
        // given
        KeyMaterial first = KeyMaterial.loadOrCreate(keysDir, NAMES);

        // when
        KeyMaterial second = KeyMaterial.loadOrCreate(keysDir, NAMES);

        // then
        assertEquals(first.certificateFingerprint(), second.certificateFingerprint());
        assertEquals(first.sshHostKeyFingerprint(), second.sshHostKeyFingerprint());
        assertEquals(first.keystorePassword(), second.keystorePassword());
        assertTrue(first.sshHostKeyFingerprint().startsWith("SHA256:"));
    }

    @Test
    void sshHostKeyIsRsa3072AndCertificateIsSelfSigned() throws Exception {
        // when
        KeyMaterial keys = KeyMaterial.loadOrCreate(keysDir, NAMES);

        // then
        assertTrue(keys.sshHostKey().getPublic() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 3072);
        keys.certificate().verify(keys.certificate().getPublicKey());
        keys.certificate().checkValidity();
    }

    @Test
    void secretsAreReadableByTheOwnerOnly() throws IOException {
        // when
        KeyMaterial.loadOrCreate(keysDir, NAMES);

        // then
        for (String file : new String[] {KeyMaterial.KEYSTORE_FILE, KeyMaterial.KEYSTORE_PASSWORD_FILE, KeyMaterial.SSH_HOST_KEY_FILE}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keysDir.resolve(file))), file);
        }
    }

    @Test
    void aHostKeyOldClientsWouldRefuseIsNotUsed() throws Exception {
        // given a P-521 key, MINA SSHD's own default, which JSch 0.1.5x cannot verify
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp521r1"));
        try (Writer writer = Files.newBufferedWriter(keysDir.resolve(KeyMaterial.SSH_HOST_KEY_FILE));
             JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(new JcaPKCS8Generator(generator.generateKeyPair().getPrivate(), null));
        }

        // when / then
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> KeyMaterial.loadOrCreate(keysDir, NAMES));
        assertTrue(refused.getMessage().contains(KeyMaterial.SSH_HOST_KEY_FILE), refused.getMessage());
    }

    @Test
    void aKeystoreWithoutItsPasswordIsNotSilentlyReplaced() throws IOException {
        // given
        KeyMaterial.loadOrCreate(keysDir, NAMES);
        Files.delete(keysDir.resolve(KeyMaterial.KEYSTORE_PASSWORD_FILE));

        // when / then
        assertThrows(IllegalStateException.class, () -> KeyMaterial.loadOrCreate(keysDir, NAMES));
    }

    @Test
    void theCertificateIsValidForTheConfiguredHostNamesAndIpAddresses() throws Exception {
        // when
        KeyMaterial keys = KeyMaterial.loadOrCreate(keysDir, List.of("listgate.example.org", "localhost", "::1"));

        // then
        Set<String> names = keys.certificate().getSubjectAlternativeNames().stream()
                .map(name -> name.get(0) + "=" + name.get(1)).collect(Collectors.toSet());
        assertEquals(Set.of("2=listgate.example.org", "2=localhost", "7=0:0:0:0:0:0:0:1"), names);
        assertEquals(keys.certificate(), keys.serverCertificate().leaf());
    }

    @Test
    void otherHostNamesReissueTheCertificateForTheSameKey() {
        // given
        KeyMaterial before = KeyMaterial.loadOrCreate(keysDir, NAMES);

        // when
        KeyMaterial after = KeyMaterial.loadOrCreate(keysDir, List.of("listgate.example.org"));

        // then
        assertEquals(before.certificate().getPublicKey(), after.certificate().getPublicKey());
        assertTrue(!before.certificateFingerprint().equals(after.certificateFingerprint()));
        assertEquals(after.certificateFingerprint(), KeyMaterial.loadOrCreate(keysDir, List.of("listgate.example.org"))
                .certificateFingerprint(), "the same names again keep the certificate");
    }
}
