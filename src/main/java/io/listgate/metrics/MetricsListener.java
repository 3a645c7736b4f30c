package io.listgate.metrics;

import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} on a port of its own (LISTGATE_METRICS_PORT), so that Prometheus reaches it on an
 * internal network while the public listeners do not serve it at all. A few threads: one scraper.
 */
public final class MetricsListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsListener.class);

    private final Server jetty;
    private final ServerConnector connector;

    public MetricsListener(String bindAddress, int port, HttpServlet servlet) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("listgate-metrics");
        jetty = new Server(threads);
        connector = new ServerConnector(jetty, 1, 1);
        connector.setHost(bindAddress);
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(servlet), "/metrics");
        jetty.setHandler(context);
    }

    public MetricsListener start() {
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("metrics listener cannot listen on " + connector.getHost() + ":"
                    + connector.getPort() + ": " + e.getMessage(), e);
        }
        LOG.info("Metrics listening on {}:{}/metrics", connector.getHost(), connector.getLocalPort());
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
