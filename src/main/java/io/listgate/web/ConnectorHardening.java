package io.listgate.web;

import io.listgate.config.ListGateConfig;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;

/**
 * Applies the client limits of the configuration to every connector Jetty has when it starts, HTTP
 * and HTTPS alike, and keeps the server's name and version out of every response: how long a
 * connection may stay silent while a request or its body is read; no {@code Server} header.
 */
final class ConnectorHardening {

    private ConnectorHardening() {
    }

    static void apply(Server jetty, ListGateConfig.Limits limits) {
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof AbstractConnector c) {
                // A body that stalls this long fails its read: ApiDispatcher answers 408 and closes.
                c.setIdleTimeout(limits.httpIdleTimeout().toMillis());
            }
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) {
                // A version tells an attacker which published vulnerabilities to try.
                http.getHttpConfiguration().setSendServerVersion(false);
                http.getHttpConfiguration().setSendXPoweredBy(false);
            }
        }
    }
}
