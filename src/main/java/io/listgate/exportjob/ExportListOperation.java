package io.listgate.exportjob;

import io.listgate.api.ApiRequest;
import io.listgate.api.Operation;
import io.listgate.api.Result;
import java.util.ArrayList;
import java.util.List;
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
                request.text("EMAIL"), request.text("FILE_ENCODING"), request.presenceFlag("ADD_TO_STORED_FILES"),
                request.text("DATE_START"), request.text("DATE_END"), request.presenceFlag("USE_CREATED_DATE"),
                request.presenceFlag("INCLUDE_LEAD_SOURCE"), request.flag("INCLUDE_LIST_ID_IN_FILE", false),
                request.flag("INCLUDE_RECIPIENT_ID", false), request.text("LIST_DATE_FORMAT"), columns));
        return Result.empty().add("JOB_ID", submitted.jobId()).add("FILE_PATH", "/download/" + submitted.fileName());
    }
}
