package io.listgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class HealthServletTest {

    @Test
    void aPartThatHangsIsDownWithinTheDeadlineAndTheOthersAreStillReported() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("database", () -> {
            started.incrementAndGet();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        });
        checks.put("scheduler", () -> true);
        checks.put("ftp", () -> false);
        checks.put("sftp", () -> {
            throw new IllegalStateException("broken");
        });
        HealthServlet health = new HealthServlet(checks, Duration.ofMillis(300));
        try {
            long begin = System.nanoTime();
            Map<String, String> first = health.check();
            Map<String, String> second = health.check();
            long tookMillis = (System.nanoTime() - begin) / 1_000_000;

            assertEquals(Map.of("database", "DOWN", "scheduler", "UP", "ftp", "DOWN", "sftp", "DOWN"), first);
            assertEquals(first, second);
            assertTrue(tookMillis < 2_000, "two answers took " + tookMillis + " ms");
            assertEquals(1, started.get(), "a check still running is not started again");
        } finally {
            never.countDown();
            health.destroy();
        }
    }
}
