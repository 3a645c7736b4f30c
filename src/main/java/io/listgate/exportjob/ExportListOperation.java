package io.listgate.exportjob;

import io.listgate.api.ApiRequest;
import io.listgate.api.Fault;
import io.listgate.api.Operation;
import io.listgate.api.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.w3c.dom.Element;

/** {@code ExportList}: LIST_ID and options in; JOB_ID and FILE_PATH {@code /download/<file name>} out. */
public final class ExportListOperation implements Operation {

    private final ExportService exports;

    public ExportListOperation(ExportService exports) {
        this.exports = exports;
    }

    @Override
    public String name() {
        return "ExportList";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        List<String> columns = new ArrayList<>();
        for (Element group : request.elements("EXPORT_COLUMNS")) {
            for (Element column : ApiRequest.children(group, "COLUMN")) {
                String name = ApiRequest.textOf(column);
                if (!name.isEmpty()) {
                    columns.add(name);
                }
            }
        }
        ExportService.Submitted submitted = exports.submit(request.caller(), new ExportRequest(
                request.required("LIST_ID"), request.text("EXPORT_TYPE"), request.text("EXPORT_FORMAT"),
                request.text("EMAIL"), request.text("FILE_ENCODING"), flag(request, "ADD_TO_STORED_FILES", true),
                request.text("DATE_START"), request.text("DATE_END"), flag(request, "USE_CREATED_DATE", true),
                flag(request, "INCLUDE_LEAD_SOURCE", true), flag(request, "INCLUDE_LIST_ID_IN_FILE", false),
                flag(request, "INCLUDE_RECIPIENT_ID", false), request.text("LIST_DATE_FORMAT"), columns));
        return Result.empty().add("JOB_ID", submitted.jobId()).add("FILE_PATH", "/download/" + submitted.fileName());
    }

    /**
     * A boolean as xmlapi-more.md section 0 reads it: absent is false; true/TRUE/yes/1 and false/FALSE/no/0;
     * an empty element is true for the presence flags ({@code emptyIsTrue}) and absent for the others.
     */
    static boolean flag(ApiRequest request, String name, boolean emptyIsTrue) {
        if (request.elements(name).isEmpty()) {
            return false;
        }
        Optional<String> text = request.text(name);
        if (text.isEmpty()) {
            return emptyIsTrue;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw Fault.INVALID_VALUE.exception(name + " must be true or false, not '" + text.get() + "'");
        };
    }
}
