package io.listgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code listgate cancel <JOB_ID>}: DeleteJob, which cancels a waiting or running job as the admin
 * pages do (a running one stops at its next batch); then the job's status as it stands.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a waiting or running job (DeleteJob); a finished job is forgotten.")
final class CancelCommand implements Callable<Integer> {

    @Mixin
    ApiOptions server;

    @Parameters(paramLabel = "JOB_ID")
    long jobId;

    @Override
    public Integer call() {
        try (ApiClient api = new ApiClient(server).signIn()) {
            JobStatusView before = JobStatusView.fetch(api, jobId);
            api.call("<DeleteJob><JOB_ID>" + jobId + "</JOB_ID></DeleteJob>");
            if (before.ended()) {
                System.out.println("Job " + jobId + " had already ended (" + before.status() + "); it is forgotten now.");
            } else {
                System.out.println("Job " + jobId + " was " + before.status() + "; cancel asked, it ends CANCELED"
                        + (before.status().equals("RUNNING") ? " after its current batch." : "."));
            }
            return 0;
        }
    }
}
