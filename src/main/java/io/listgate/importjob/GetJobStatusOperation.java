package io.listgate.importjob;

import io.listgate.api.ApiRequest;
import io.listgate.api.Fault;
import io.listgate.api.Operation;
import io.listgate.api.Result;

/** {@code GetJobStatus}: JOB_ID in; JOB_STATUS, JOB_DESCRIPTION and PARAMETERS out. */
public final class GetJobStatusOperation implements Operation {

    private final ImportJobService imports;

    public GetJobStatusOperation(ImportJobService imports) {
        this.imports = imports;
    }

    @Override
    public String name() {
        return "GetJobStatus";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        ImportJob job = imports.status(request.caller(), jobId(request));
        return Result.empty()
                .add("JOB_ID", job.id())
                .add("JOB_STATUS", job.status())
                .add("JOB_DESCRIPTION", job.description())
                .group("PARAMETERS", parameters -> {
                    for (String[] p : job.parameters()) {
                        parameters.group("PARAMETER", one -> one.add("NAME", p[0]).add("VALUE", p[1]));
                    }
                });
    }

    /** JOB_ID as a number; a value that is not one names no job: 135 like an unknown one (xmlapi-more.md section 11). */
    static long jobId(ApiRequest request) {
        String value = request.required("JOB_ID");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw Fault.JOB_ID_INVALID.exception();
        }
    }
}
