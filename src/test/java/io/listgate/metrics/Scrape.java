package io.listgate.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/** One GET of /metrics and the sums of its samples, read as Prometheus reads them. */
record Scrape(int status, String body) {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    static Scrape get(int port, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Scrape(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError("GET /metrics failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The sum of the samples named {@code name} whose labels contain every one of {@code labels} ({@code k="v"}). */
    double sum(String name, String... labels) {
        return body.lines().filter(line -> !line.startsWith("#"))
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    boolean has(String name) {
        return body.lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " "));
    }
}
