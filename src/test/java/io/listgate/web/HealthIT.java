package io.listgate.web;

import static org.junit.jupiter.api.Assertions.*;

import io.listgate.support.TestServer;
import io.listgate.support.XmlApiClient;
import org.junit.jupiter.api.Test;

class HealthIT {

    @Test
    void healthIsUpWithEveryComponentOnceTheServerRuns() {
        XmlApiClient.Reply reply = new XmlApiClient(TestServer.shared().httpPort()).get("/health");

        assertEquals(200, reply.status());
        assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
        assertTrue(reply.body().startsWith("{\"status\":\"UP\""), reply.body());
        for (String part : new String[] {"database", "scheduler", "http"}) {
            assertTrue(reply.body().contains("\"" + part + "\":\"UP\""), part + " in " + reply.body());
        }
    }
}
