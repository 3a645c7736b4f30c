package io.listgate.importjob;

import io.listgate.api.ApiRequest;
import io.listgate.api.Operation;
import io.listgate.api.Result;

/** {@code DeleteJob}: JOB_ID in; cancels a waiting or running job, forgets a finished one (xmlapi-more.md section 11). */
public final class DeleteJobOperation implements Operation {

    private final ImportJobService imports;

    public DeleteJobOperation(ImportJobService imports) {
        this.imports = imports;
    }

    @Override
    public String name() {
        return "DeleteJob";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        imports.delete(request.caller(), GetJobStatusOperation.jobId(request));
        return Result.empty();
    }
}
