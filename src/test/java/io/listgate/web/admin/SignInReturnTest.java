package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignInReturnTest {

    @ParameterizedTest
    @ValueSource(strings = {"/admin/jobs/1", "/admin/jobs?status=RUNNING&page=2", "/admin/databases", "/admin/jobs/7/errors"})
    void anAdminPageIsWhereSignInReturns(String next) {
        assertEquals(Optional.of(next), AdminServlet.localAdminPath(next));
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example", "http://evil.example/admin/", "https://evil.example", "/\\evil.example",
        "/admin/\\\\evil.example", "/admin//evil.example", "/admin/../../evil", "/XMLAPI", "javascript:alert(1)",
        "/admin/jobs\r\nSet-Cookie: x=1", "/admin/jobs/1 ", "", "admin/jobs"})
    void anythingElseIsRefused(String next) {
        assertEquals(Optional.empty(), AdminServlet.localAdminPath(next));
    }
}
