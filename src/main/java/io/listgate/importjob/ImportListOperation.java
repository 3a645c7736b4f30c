package io.listgate.importjob;

import io.listgate.api.ApiRequest;
import io.listgate.api.Operation;
import io.listgate.api.Result;

/** {@code ImportList}: MAP_FILE, SOURCE_FILE, optional EMAIL and FILE_ENCODING in; JOB_ID out. */
public final class ImportListOperation implements Operation {

    private final ImportJobService imports;

    public ImportListOperation(ImportJobService imports) {
        this.imports = imports;
    }

    @Override
    public String name() {
        return "ImportList";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        long jobId = imports.submit(request.caller(), new ImportJobService.Submission(
                request.required("MAP_FILE"), request.required("SOURCE_FILE"),
                request.text("FILE_ENCODING"), request.text("EMAIL")));
        return Result.empty().add("JOB_ID", jobId);
    }
}
