package io.listgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** The server's logback.xml, loaded as ListGateMain leaves it: text lines by default, JSON lines when asked. */
class LogFormatTest {

    @Test
    void jsonFormatWritesOneLogstashObjectPerLineWithTheContextAsFields(@TempDir Path logs) throws Exception {
        List<String> lines = logOneJobLine(logs, "json");

        assertEquals(1, lines.size(), String.join("\n", lines));
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertEquals("Import job 42 complete in 1200 ms", line.get("message").asText());
        assertEquals("INFO", line.get("level").asText());
        assertEquals("io.listgate.importjob.ImportJobService", line.get("logger_name").asText());
        assertTrue(line.has("@timestamp"), lines.get(0));
        assertEquals("42", line.get("job").asText());
        assertEquals("acme", line.get("organization").asText());
        assertEquals("1200", line.get("duration_ms").asText());
    }

    @Test
    void textFormatNamesTheJobAndTheOrganizationBeforeTheMessage(@TempDir Path logs) throws Exception {
        List<String> lines = logOneJobLine(logs, "text");

        assertEquals(1, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).endsWith("io.listgate.importjob.ImportJobService job=42 org=acme Import job 42 complete in 1200 ms"),
                lines.get(0));
    }

    private static List<String> logOneJobLine(Path logs, String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("listgate.logs", logs.toString());
        context.putProperty("listgate.log.format", format);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
        // only the file: the console lines of the test run stay the test's own
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender("CONSOLE_" + format);
        context.start();
        Logger log = context.getLogger("io.listgate.importjob.ImportJobService");
        // this context's own MDC: org.slf4j.MDC is the test JVM's logback context's
        LogbackMDCAdapter mdc = (LogbackMDCAdapter) context.getMDCAdapter();
        mdc.put("job", "42");
        mdc.put("organization", "acme");
        mdc.put("duration_ms", "1200");
        log.info("Import job {} complete in {} ms", 42, 1200);
        mdc.clear();
        context.stop();
        return Files.readAllLines(logs.resolve("listgate.log"));
    }
}
