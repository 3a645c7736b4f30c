package io.listgate.user;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AddressThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final AddressThrottle throttle = new AddressThrottle(3, Duration.ofMinutes(5), clock);

    @Test
    void anAddressIsThrottledAfterItsFailuresWhateverUsersTheyNamedAndOthersAreNot() {
        for (int i = 0; i < 3; i++) {
            assertFalse(throttle.isThrottled("192.0.2.1"));
            throttle.failed("192.0.2.1");
        }

        assertTrue(throttle.isThrottled("192.0.2.1"));
        assertFalse(throttle.isThrottled("192.0.2.2"));
        assertFalse(throttle.isThrottled(null));
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        throttle.failed("192.0.2.1");
        throttle.failed("192.0.2.1");
        clock.advance(Duration.ofMinutes(4));
        throttle.failed("192.0.2.1");
        assertTrue(throttle.isThrottled("192.0.2.1"));

        clock.advance(Duration.ofMinutes(2));

        assertFalse(throttle.isThrottled("192.0.2.1"));
    }
}
