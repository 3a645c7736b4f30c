package io.listgate.flows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.listgate.api.Credentials;
import io.listgate.api.SessionResolver;
import io.listgate.importjob.Counter;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.ImportJobService;
import io.listgate.user.OrgUser;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP door to hot folders, JSON in every answer. {@code POST /flows/<flow root>/files} (a
 * multipart form whose part {@code file} is the file; the flow root {@code contacts} or the name of
 * one under {@code flows/}) imports the file as if dropped complete in its {@code import/in/} and
 * answers its JOB_ID; {@code GET /flows/jobs/<JOB_ID>} answers a job's status and counts. The
 * caller is an API session ({@code ;jsessionid=}) or an OAuth bearer token, like the XML API's.
 */
@MultipartConfig(fileSizeThreshold = 1024 * 1024)
public final class FlowHttpServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(FlowHttpServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILES = Pattern.compile("/([^/;]+)/files/?(;.*)?");
    private static final Pattern JOB = Pattern.compile("/jobs/([0-9]{1,18})/?(;.*)?");

    private final transient FlowScanner flows;
    private final transient ImportJobService imports;
    private final transient SessionResolver callers;

    public FlowHttpServlet(FlowScanner flows, ImportJobService imports, SessionResolver callers) {
        this.flows = flows;
        this.imports = imports;
        this.callers = callers;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        Matcher m = FILES.matcher(path(request));
        if (!m.matches()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "not_found", "POST /flows/<flow root>/files");
            return;
        }
        Optional<OrgUser> caller = caller(request);
        if (caller.isEmpty()) {
            error(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "log in, or send an OAuth bearer token");
            return;
        }
        Part part;
        try {
            part = request.getPart("file");
        } catch (ServletException | IllegalStateException e) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request", "send the file as multipart/form-data part 'file'");
            return;
        }
        if (part == null || part.getSubmittedFileName() == null) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request", "send the file as multipart/form-data part 'file'");
            return;
        }
        String name = part.getSubmittedFileName().replaceAll(".*[/\\\\]", "");
        Optional<String> tooBig = flows.tooBig(caller.get().organizationName(), part.getSize());
        if (tooBig.isPresent()) {
            part.delete();
            error(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "too_large", tooBig.get());
            return;
        }
        FlowScanner.Submitted submitted;
        try (InputStream content = part.getInputStream()) {
            submitted = flows.drop(caller.get(), m.group(1), name, content);
        } catch (FlowScanner.Refused e) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "not_found", e.getMessage());
            return;
        } finally {
            part.delete();
        }
        if (submitted.refusal() != null) {
            error(response, 422, "refused", submitted.refusal());
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("job_id", submitted.jobId());
        body.put("status", "/flows/jobs/" + submitted.jobId());
        write(response, HttpServletResponse.SC_ACCEPTED, body);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher m = JOB.matcher(path(request));
        if (!m.matches()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "not_found", "GET /flows/jobs/<JOB_ID>");
            return;
        }
        Optional<OrgUser> caller = caller(request);
        if (caller.isEmpty()) {
            error(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "log in, or send an OAuth bearer token");
            return;
        }
        Optional<ImportJob> job = imports.find(caller.get(), Long.parseLong(m.group(1)));
        if (job.isEmpty()) {
            error(response, HttpServletResponse.SC_NOT_FOUND, "not_found", "no such job");
            return;
        }
        write(response, HttpServletResponse.SC_OK, status(job.get()));
    }

    /** A job as JSON: what it is, where it stands, every count, and where its result files are. */
    static ObjectNode status(ImportJob job) {
        ObjectNode body = JSON.createObjectNode();
        body.put("job_id", job.id());
        body.put("status", job.status().name());
        body.put("description", job.description());
        body.put("list_id", job.listId());
        body.put("action", job.action());
        body.put("flow", job.flow());
        body.put("source_file", job.sourceFile());
        ObjectNode counts = body.putObject("counts");
        for (Counter counter : Counter.values()) {
            counts.put(counter.key(), job.count(counter));
        }
        body.put("results_file", job.resultsPath());
        body.put("error_file", job.errorsPath());
        return body;
    }

    private Optional<OrgUser> caller(HttpServletRequest request) {
        Optional<String> session = Credentials.sessionToken(request);
        if (session.isPresent()) {
            return callers.resolve(session.get());
        }
        return Credentials.bearerToken(request.getHeader("Authorization")).flatMap(callers::resolveBearer);
    }

    private static String path(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null ? "" : path;
    }

    private static void error(HttpServletResponse response, int status, String error, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", error);
        body.put("message", message);
        LOG.info("Flows: {} {}", status, message);
        write(response, status, body);
    }

    private static void write(HttpServletResponse response, int status, ObjectNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }
}
