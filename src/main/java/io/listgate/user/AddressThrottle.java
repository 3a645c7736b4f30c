package io.listgate.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong passwords per client address within a sliding window, so that one address cannot try many
 * users (each of which would lock only after its own failures). Kept in this server's memory:
 * unlike the per-user count it is not shared between servers, and a restart forgets it.
 */
public final class AddressThrottle {

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    /** Only addresses with failures inside the window have an entry; each holds at most maxFailures times. */
    private final ConcurrentHashMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public AddressThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** Whether the address has used up its failures of the window; a null address is never throttled. */
    public boolean isThrottled(String address) {
        if (address == null) {
            return false;
        }
        Deque<Instant> times = failures.computeIfPresent(address, (a, t) -> pruned(t));
        return times != null && times.size() >= maxFailures;
    }

    /** Counts one wrong password from the address. */
    public void failed(String address) {
        if (address == null) {
            return;
        }
        failures.compute(address, (a, t) -> {
            Deque<Instant> times = t == null ? new ArrayDeque<>() : pruned(t);
            if (times == null) {
                times = new ArrayDeque<>();
            }
            times.addLast(clock.instant());
            while (times.size() > maxFailures) {
                times.removeFirst();
            }
            return times;
        });
    }

    /** The times still inside the window, or null (the entry goes) when none is. */
    private Deque<Instant> pruned(Deque<Instant> times) {
        Instant oldest = clock.instant().minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.removeFirst();
        }
        return times.isEmpty() ? null : times;
    }
}
