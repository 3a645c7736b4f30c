package io.listgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code listgate status <JOB_ID>}: GetJobStatus, as a table or JSON. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show an import job's status and counts.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ApiOptions server;

    @Parameters(paramLabel = "JOB_ID")
    long jobId;

    @Option(names = "--json", description = "print the status as JSON")
    boolean json;

    @Override
    public Integer call() {
        try (ApiClient api = new ApiClient(server).signIn()) {
            JobStatusView job = JobStatusView.fetch(api, jobId);
            if (json) {
                job.printJson(System.out);
            } else {
                job.printTable(System.out);
            }
            return 0;
        }
    }
}
