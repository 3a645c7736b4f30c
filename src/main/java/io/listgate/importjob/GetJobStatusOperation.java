package io.listgate.importjob;

import io.listgate.api.ApiRequest;
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
        ImportJob job = imports.status(request.caller(), request.requiredNumber("JOB_ID"));
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
}
