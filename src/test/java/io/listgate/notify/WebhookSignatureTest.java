package io.listgate.notify;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void theSignatureIsTheHexHmacSha256OfTheBodyAsInRfc4231TestCase2() {
        // RFC 4231 section 4.3: key "Jefe", data "what do ya want for nothing?"
        String header = WebhookSignature.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));

        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", header);
    }

    @Test
    void aSignatureVerifiesOnlyForItsOwnBodyAndSecret() {
        byte[] body = "{\"job_id\":1}".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignature.sign("secret-0123456789", body);

        assertTrue(WebhookSignature.verify("secret-0123456789", body, header));
        assertFalse(WebhookSignature.verify("secret-0123456789", "{\"job_id\":2}".getBytes(StandardCharsets.UTF_8), header));
        assertFalse(WebhookSignature.verify("another-secret-0123", body, header));
        assertFalse(WebhookSignature.verify("secret-0123456789", body, null));
    }

    @Test
    void theWaitBetweenAttemptsDoublesFromTheFirstBackoff() {
        Duration first = Duration.ofSeconds(1);

        assertEquals(Duration.ofSeconds(1), WebhookNotifier.backoff(first, 1));
        assertEquals(Duration.ofSeconds(2), WebhookNotifier.backoff(first, 2));
        assertEquals(Duration.ofSeconds(8), WebhookNotifier.backoff(first, 4));
    }
}
