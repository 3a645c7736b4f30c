package io.listgate.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Programs the integration tests drive. A missing one fails the test with what to install, never
 * skips it: {@code scripts/test.sh} installs them all, and a test that silently did not run proves nothing.
 */
public final class Prerequisites {

    private Prerequisites() {
    }

    /** Fails unless {@code command} is on the PATH; {@code debianPackage} is what provides it. */
    public static Path command(String command, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(missing(command, debianPackage));
    }

    /** Fails unless the executable {@code file} exists. */
    public static Path file(Path file, String debianPackage) {
        if (!Files.isExecutable(file)) {
            fail(missing(file.toString(), debianPackage));
        }
        return file;
    }

    private static String missing(String what, String debianPackage) {
        return what + " is not installed: this test drives it. Run scripts/test.sh (it installs what the tests need, "
                + "as root), or install it yourself: apt-get install " + debianPackage;
    }
}
