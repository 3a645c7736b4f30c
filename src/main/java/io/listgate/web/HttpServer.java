package io.listgate.web;

import io.listgate.api.ApiDispatcher;
import io.listgate.config.ListGateConfig;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.http.HttpServlet;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Jetty with the servlets it is given, one access-log line per request. */
public final class HttpServer implements AutoCloseable {

    private static final Logger ACCESS = LoggerFactory.getLogger("io.listgate.access");
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final Server jetty;
    private final ServerConnector connector;
    private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    private ListGateConfig.Limits limits = ListGateConfig.Limits.DEFAULT;

    public HttpServer(String bindAddress, int port) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("listgate-http");
        this.jetty = new Server(threads);
        this.connector = new ServerConnector(jetty);
        connector.setHost(bindAddress);
        connector.setPort(port);
        jetty.addConnector(connector);
        jetty.setRequestLog(new AccessLog());
    }

    /** What one client may take of the server; the defaults unless given before {@link #start}. */
    public HttpServer limits(ListGateConfig.Limits clientLimits) {
        this.limits = clientLimits;
        return this;
    }

    public HttpServer route(String path, HttpServlet servlet) {
        servlets.put(path, servlet);
        return this;
    }

    public void start() {
        ServletContextHandler context = new ServletContextHandler("/");
        servlets.forEach((path, servlet) -> {
            ServletHolder holder = new ServletHolder(servlet);
            // an embedded context reads no annotations: a servlet taking files says so with @MultipartConfig
            MultipartConfig multipart = servlet.getClass().getAnnotation(MultipartConfig.class);
            if (multipart != null) {
                holder.getRegistration().setMultipartConfig(new MultipartConfigElement(multipart));
            }
            context.addServlet(holder, path);
        });
        jetty.setHandler(new RequestGuard(new ExactContentType(context), limits));
        ConnectorHardening.apply(jetty, limits);
        jetty.setErrorHandler(new ErrorPages());
        context.setErrorHandler(new ErrorPages());
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("HTTP server cannot listen on " + connector.getHost() + ":"
                    + connector.getPort() + ": " + e.getMessage(), e);
        }
        LOG.info("HTTP listening on {}:{}", connector.getHost(), port());
    }

    public int port() {
        return connector.getLocalPort();
    }

    public boolean isRunning() {
        return jetty.isStarted();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.getMessage());
        }
    }

    /**
     * Jetty canonicalizes {@code charset=UTF-8} to lower case; the XML API spec gives the header as
     * {@code text/xml;charset=UTF-8} and some clients compare it literally, so it is respelled here,
     * on its way to the wire.
     */
    private static final class ExactContentType extends Handler.Wrapper {
        ExactContentType(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            request.addHttpStreamWrapper(stream -> new HttpStream.Wrapper(stream) {
                @Override
                public void send(MetaData.Request req, MetaData.Response res, boolean last, ByteBuffer content,
                                 Callback done) {
                    super.send(req, res == null ? null : respell(res), last, content, done);
                }
            });
            return super.handle(request, response, callback);
        }

        private static MetaData.Response respell(MetaData.Response res) {
            String type = res.getHttpFields().get(HttpHeader.CONTENT_TYPE);
            if (!ApiDispatcher.RESPONSE_CONTENT_TYPE.equalsIgnoreCase(type)
                    || ApiDispatcher.RESPONSE_CONTENT_TYPE.equals(type)) {
                return res;
            }
            HttpFields.Mutable fields = HttpFields.build(res.getHttpFields());
            fields.put(HttpHeader.CONTENT_TYPE, ApiDispatcher.RESPONSE_CONTENT_TYPE);
            return new MetaData.Response(res.getStatus(), res.getReason(), res.getHttpVersion(), fields,
                    res.getContentLength(), res.getTrailersSupplier());
        }
    }

    /** Method, path without path parameters (they carry session ids), operation, status, time. */
    private static final class AccessLog implements RequestLog {
        @Override
        public void log(Request request, Response response) {
            String path = request.getHttpURI().getPath();
            int params = path == null ? -1 : path.indexOf(';');
            if (params >= 0) {
                path = path.substring(0, params);
            }
            Object operation = request.getAttribute(ApiDispatcher.OPERATION_ATTRIBUTE);
            Object outcome = request.getAttribute(ApiDispatcher.OUTCOME_ATTRIBUTE);
            long millis = (System.nanoTime() - request.getBeginNanoTime()) / 1_000_000;
            ACCESS.info("{} {}{}{} {} {}ms", request.getMethod(), path,
                    operation == null ? "" : " " + operation,
                    outcome == null ? "" : " -> " + outcome,
                    response.getStatus(), millis);
        }
    }
}
