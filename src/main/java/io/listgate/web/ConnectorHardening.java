package io.listgate.web;

import io.listgate.config.ListGateConfig;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;

/**
 * Applies the client limits of the configuration to every connector Jetty has when it starts, HTTP
 * and HTTPS alike: how long a connection may stay silent while a request or its body is read.
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
        }
    }
}
