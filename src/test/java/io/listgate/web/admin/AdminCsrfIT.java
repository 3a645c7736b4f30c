package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The admin pages over plain HTTP, no browser: sign-in gate, CSRF tokens, cookie flags. */
class AdminCsrfIT {

    private final AdminHttp http = new AdminHttp(TestServer.shared().httpPort());

    @Test
    void anUnauthenticatedAdminPageRedirectsToTheSignInPageRememberingIt() {
        HttpResponse<String> reply = http.get("/admin/jobs?status=COMPLETE", null);

        assertEquals(302, reply.statusCode());
        assertTrue(reply.headers().firstValue("Location").orElse("").endsWith("/admin/login?next=%2Fadmin%2Fjobs%3Fstatus%3DCOMPLETE"),
                reply.headers().toString());
    }

    @Test
    void theServersRootRedirectsToTheAdminPages() {
        HttpResponse<String> reply = http.get("/", null);

        assertEquals(302, reply.statusCode());
        assertTrue(reply.headers().firstValue("Location").orElse("").endsWith("/admin/"), reply.headers().toString());
        assertEquals(404, http.get("/no-such-page", null).statusCode(), "only the root itself redirects");
    }

    @Test
    void signingInReturnsToThePageAskedForAndNeverToAnotherSite() {
        // given a link to a job page, followed without a session
        String login = http.get("/admin/jobs/1", null).headers().firstValue("Location").orElseThrow();
        HttpResponse<String> form = http.get(login.substring(login.indexOf("/admin/login")), null);
        assertTrue(form.body().contains("name=\"next\" value=\"/admin/jobs/1\""), form.body());

        // when
        HttpResponse<String> back = signIn(form, "/admin/jobs/1");
        HttpResponse<String> elsewhere = signIn(http.get("/admin/login", null), "//evil.example/admin/");
        HttpResponse<String> backslash = signIn(http.get("/admin/login", null), "/\\evil.example");

        // then
        assertEquals("/admin/jobs/1", back.headers().firstValue("Location").orElseThrow());
        assertEquals("/admin/jobs", elsewhere.headers().firstValue("Location").orElseThrow());
        assertEquals("/admin/jobs", backslash.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> signIn(HttpResponse<String> form, String next) {
        HttpResponse<String> reply = http.post("/admin/login", AdminHttp.cookie(form, AdminServlet.LOGIN_CSRF_COOKIE).orElseThrow(),
                "csrf", AdminHttp.csrf(form.body()), "username", TestUsers.ACME_USER, "password", TestUsers.ACME_PASSWORD,
                "next", next);
        assertEquals(303, reply.statusCode(), reply.body());
        return reply;
    }

    @Test
    void aSignInPostWithoutTheFormsTokenIsRefusedEvenWithTheRightPassword() {
        // given the sign-in form's token cookie, but no token in the form
        HttpResponse<String> form = http.get("/admin/login", null);
        String csrfCookie = AdminHttp.cookie(form, AdminServlet.LOGIN_CSRF_COOKIE).orElseThrow();

        // when
        HttpResponse<String> reply = http.post("/admin/login", csrfCookie,
                "username", TestUsers.ACME_USER, "password", TestUsers.ACME_PASSWORD);

        // then
        assertEquals(403, reply.statusCode());
        assertTrue(AdminHttp.cookie(reply, AdminServlet.SESSION_COOKIE).isEmpty(), "no session: " + reply.headers());
    }

    @Test
    void aSignOutPostWithoutTheTokenIsRefusedAndTheSessionStays() {
        String session = http.signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);

        HttpResponse<String> refused = http.post("/admin/logout", session);
        HttpResponse<String> wrong = http.post("/admin/logout", session, "csrf", "not-the-token");

        assertEquals(403, refused.statusCode());
        assertEquals(403, wrong.statusCode());
        assertEquals(200, http.get("/admin/jobs", session).statusCode());
    }

    @Test
    void theDatabasesPageListsOnlyTheOrganizationsDatabasesWithSizesAndOptOuts() {
        ImportSteps acme = ImportSteps.acme();
        String name = ImportSteps.unique("Page");
        long listId = acme.createDatabase(MappingXml.create(name).key("EMAIL", 9).map("EMAIL"),
                "Email\na@example.org\nb@example.org\n");
        acme.run(MappingXml.into("OPT_OUT", listId).map("EMAIL"), "Email\nb@example.org\n");

        String page = http.get("/admin/databases", http.signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD)).body();
        String other = http.get("/admin/databases", http.signIn(TestUsers.GLOBEX_USER, TestUsers.GLOBEX_PASSWORD)).body();

        String row = page.substring(page.indexOf("<tr id=\"list-" + listId + "\">"));
        row = row.substring(0, row.indexOf("</tr>"));
        assertTrue(row.contains(name) && row.contains("Database"), row);
        assertTrue(row.contains("<td class=\"num\">2</td><td class=\"num\">1</td>"), "2 contacts, 1 opted out: " + row);
        assertFalse(other.contains(name), "another organization never sees it");
    }

    @Test
    void signingOutWithTheTokenEndsTheSession() {
        String session = http.signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        String csrf = AdminHttp.csrf(http.get("/admin/jobs", session).body());

        HttpResponse<String> reply = http.post("/admin/logout", session, "csrf", csrf);

        assertEquals(303, reply.statusCode());
        assertEquals(302, http.get("/admin/jobs", session).statusCode());
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndScopedToTheAdminPages() {
        HttpResponse<String> form = http.get("/admin/login", null);
        String csrfCookie = AdminHttp.cookie(form, AdminServlet.LOGIN_CSRF_COOKIE).orElseThrow();

        HttpResponse<String> reply = http.post("/admin/login", csrfCookie, "csrf", AdminHttp.csrf(form.body()),
                "username", TestUsers.ACME_USER, "password", TestUsers.ACME_PASSWORD);

        String header = AdminHttp.setCookies(reply).stream()
                .filter(c -> c.startsWith(AdminServlet.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(header.contains("HttpOnly") && header.contains("SameSite=Strict") && header.contains("Path=/admin"),
                header);
        assertTrue(!header.contains("Secure"), "plain HTTP here, so not Secure: " + header);
    }
}
