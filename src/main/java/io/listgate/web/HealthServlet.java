package io.listgate.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /health}: 200 when every part is up, 503 while any is not; a small JSON body either way
 * naming each part UP or DOWN. It answers within {@link #DEADLINE} whatever the parts do: the checks
 * run in parallel, and one that has not answered by then (a database that hangs, a pool waiting for
 * a connection) counts as DOWN. A check still running is not started again, so a hanging part ties
 * up one thread, however often a load balancer asks.
 */
public final class HealthServlet extends HttpServlet {

    static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient Map<String, BooleanSupplier> checks;
    private final transient Map<String, CompletableFuture<Boolean>> running = new ConcurrentHashMap<>();
    private final transient ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "health-check");
        t.setDaemon(true);
        return t;
    });
    private final Duration deadline;

    public HealthServlet(Map<String, BooleanSupplier> checks) {
        this(checks, DEADLINE);
    }

    HealthServlet(Map<String, BooleanSupplier> checks, Duration deadline) {
        this.checks = new LinkedHashMap<>(checks);
        this.deadline = deadline;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> parts = check();
        boolean allUp = parts.values().stream().allMatch("UP"::equals);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allUp ? "UP" : "DOWN");
        body.put("components", parts);
        response.setStatus(allUp ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }

    /** Each part UP or DOWN, in the order given, within the deadline. */
    Map<String, String> check() {
        Map<String, CompletableFuture<Boolean>> asked = new LinkedHashMap<>();
        checks.forEach((name, check) -> asked.put(name, running.compute(name, (n, previous) ->
                previous != null && !previous.isDone() ? previous : CompletableFuture.supplyAsync(check::getAsBoolean, executor))));
        long end = System.nanoTime() + deadline.toNanos();
        Map<String, String> parts = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<Boolean>> part : asked.entrySet()) {
            boolean up;
            try {
                up = part.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                up = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                up = false;
            }
            parts.put(part.getKey(), up ? "UP" : "DOWN");
        }
        return parts;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
