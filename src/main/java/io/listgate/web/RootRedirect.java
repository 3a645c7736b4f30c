package io.listgate.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code /} itself: people who type the server's address want the admin pages. */
public final class RootRedirect extends HttpServlet {

    /** The servlet mapping of exactly the context root, and nothing below it. */
    public static final String PATH = "";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendRedirect("/admin/");
    }
}
