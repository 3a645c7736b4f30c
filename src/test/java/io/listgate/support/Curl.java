package io.listgate.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs the machine's {@code curl}, a real client of FTP, FTPS and SFTP, and reports its exit code. */
public final class Curl {

    private Curl() {
    }

    /** Fails the test, saying what to install, when curl is missing. */
    public static void require() {
        Prerequisites.command("curl", "curl");
    }

    /** {@code curl -sS <args>}; prints curl's output when it fails. */
    public static int run(String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "curl";
        command[1] = "-sS";
        System.arraycopy(args, 0, command, 2, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "curl did not finish");
        if (process.exitValue() != 0) {
            System.out.println(new String(output, StandardCharsets.UTF_8));
        }
        return process.exitValue();
    }
}
