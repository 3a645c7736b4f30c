package io.listgate.support;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class PrerequisitesTest {

    @Test
    void aMissingProgramFailsTheTestNamingThePackageToInstall() {
        // when
        AssertionFailedError error = assertThrows(AssertionFailedError.class,
                () -> Prerequisites.command("listgate-no-such-program", "listgate-package"));

        // then
        assertTrue(error.getMessage().contains("listgate-no-such-program is not installed"), error.getMessage());
        assertTrue(error.getMessage().contains("apt-get install listgate-package"), error.getMessage());
        assertTrue(error.getMessage().contains("scripts/test.sh"), error.getMessage());
    }

    @Test
    void aMissingFileFailsTheTestToo() {
        assertThrows(AssertionFailedError.class, () -> Prerequisites.file(Path.of("/nonexistent/chromium"), "chromium"));
    }

    @Test
    void anInstalledProgramIsFound() {
        assertTrue(Prerequisites.command("sh", "dash").toString().endsWith("/sh"));
    }
}
