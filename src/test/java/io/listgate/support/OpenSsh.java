package io.listgate.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the machine's OpenSSH {@code ssh-keygen} and {@code sftp}, the clients customers' scripts use. */
public final class OpenSsh {

    /** What a run printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    private OpenSsh() {
    }

    /** Makes a key pair without passphrase: {@code file} (private) and {@code file.pub}; returns the public key line. */
    public static String generateKey(Path file, String type) {
        Path keygen = Prerequisites.command("ssh-keygen", "openssh-client");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.deleteIfExists(Path.of(file + ".pub"));
            Result result = run(List.of(keygen.toString(), "-q", "-t", type, "-N", "", "-C", "listgate-test",
                    "-f", file.toString()), null);
            assertEquals(0, result.exitCode(), result.output());
            return Files.readString(Path.of(file + ".pub")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code sftp -b -} in batch mode with only {@code key}, reading {@code commands} from stdin. */
    public static Result sftp(String user, String host, int port, Path key, String commands) {
        Path sftp = Prerequisites.command("sftp", "openssh-client");
        return run(List.of(sftp.toString(), "-F", "/dev/null", "-P", Integer.toString(port), "-i", key.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "PreferredAuthentications=publickey",
                "-b", "-", user + "@" + host), commands);
    }

    private static Result run(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            boolean finished = process.waitFor(60, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            assertTrue(finished, command.get(0) + " did not finish within 60 s");
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
