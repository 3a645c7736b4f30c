package io.listgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.Server;
import io.listgate.config.ListGateConfig;
import io.listgate.support.TestServer;
import io.listgate.support.XmlApiClient;
import io.listgate.user.UserService;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code listgate users reset-password} on a stopped server's home: the printed password is the one that works. */
class ResetPasswordIT {

    private static final Pattern PASSWORD = Pattern.compile("New password of demo@listgate.local \\(shown once, not stored\\): (\\S+)");

    @Test
    void theNewPasswordSignsInAndTheOldOneNoLonger() {
        Path home = TestServer.newHome("reset");
        ListGateConfig config = TestServer.config(home).toBuilder().usersFile(Optional.empty()).build();
        String old;
        try (Server first = Server.create(config).start()) {
            old = first.demoPassword().orElseThrow();
        }

        Map<String, String> env = Map.of("LISTGATE_HOME", home.toString());
        Listgate.Run run = Listgate.run(env, "users", "reset-password", UserService.DEMO_USERNAME);

        assertEquals(0, run.exit(), run.toString());
        Matcher printed = PASSWORD.matcher(run.out());
        assertTrue(printed.find(), run.toString());
        String password = printed.group(1);
        assertNotEquals(old, password);
        try (Server again = Server.create(config).start()) {
            XmlApiClient api = new XmlApiClient(again.httpPort());
            assertEquals("FALSE", api.form(XmlApiClient.login(UserService.DEMO_USERNAME, old), null).success().toUpperCase());
            assertEquals("TRUE", api.form(XmlApiClient.login(UserService.DEMO_USERNAME, password), null).success().toUpperCase());
        }
    }
}
