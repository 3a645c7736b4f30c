package io.listgate.ftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline, for effects a server finishes just after the client returned. */
public final class Eventually {

    private Eventually() {
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Waits until {@code file} exists with exactly {@code content}, then returns it. */
    public static String awaitContent(Path file, String content) {
        await(file + " to hold " + content.length() + " characters", Duration.ofSeconds(10), () -> {
            try {
                return Files.isRegularFile(file) && Files.readString(file).equals(content);
            } catch (IOException e) {
                return false;
            }
        });
        return content;
    }
}
