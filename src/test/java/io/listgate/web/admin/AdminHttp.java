package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A plain HTTP client of the admin pages (no browser): cookies by hand, redirects not followed. */
public final class AdminHttp {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public AdminHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String path, String cookies) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET();
        if (cookies != null && !cookies.isEmpty()) {
            b.header("Cookie", cookies);
        }
        return send(b.build());
    }

    public HttpResponse<String> post(String path, String cookies, String... fields) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        if (cookies != null && !cookies.isEmpty()) {
            b.header("Cookie", cookies);
        }
        return send(b.build());
    }

    /** Signs in through the form as a browser would; returns the {@code LISTGATE_ADMIN=...} cookie. */
    public String signIn(String username, String password) {
        HttpResponse<String> form = get("/admin/login", null);
        String csrfCookie = cookie(form, AdminServlet.LOGIN_CSRF_COOKIE).orElseThrow();
        HttpResponse<String> reply = post("/admin/login", csrfCookie, "csrf", csrf(form.body()), "username", username,
                "password", password);
        assertEquals(303, reply.statusCode(), reply.body());
        return cookie(reply, AdminServlet.SESSION_COOKIE).orElseThrow();
    }

    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF field in " + html);
        }
        return m.group(1);
    }

    /** {@code name=value} of a non-empty cookie the response sets. */
    static Optional<String> cookie(HttpResponse<?> response, String name) {
        return setCookies(response).stream().filter(c -> c.startsWith(name + "=") && !c.startsWith(name + "=;"))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst();
    }

    static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
