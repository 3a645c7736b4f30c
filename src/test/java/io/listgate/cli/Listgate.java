package io.listgate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The packaged command, {@code java -jar target/listgate.jar ...}, run as a separate process the way a
 * person or a cron job runs it: with pipes, or on a pseudo-terminal through util-linux {@code script}.
 */
final class Listgate {

    /** What one run printed and how it ended. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private static final long TIMEOUT_SECONDS = 240;

    private Listgate() {
    }

    static Run run(Map<String, String> env, String... args) {
        return execute(env, command(args), false);
    }

    /** On a pseudo-terminal: stdin and stdout are a tty, as at a person's shell; what it drew comes back raw. */
    static Run onTerminal(Map<String, String> env, String... args) {
        String line = command(args).stream().map(Listgate::quote).collect(Collectors.joining(" "));
        return execute(env, List.of("script", "-q", "-e", "-c", line, "/dev/null"), true);
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "listgate.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static Run execute(Map<String, String> env, List<String> command, boolean terminal) {
        try {
            Path out = Files.createTempFile("listgate-out", ".txt");
            Path err = Files.createTempFile("listgate-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("LISTGATE_"));
            builder.environment().putAll(env);
            if (terminal) {
                builder.environment().put("TERM", "xterm");
            }
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " still running after " + TIMEOUT_SECONDS + " s");
            }
            Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
