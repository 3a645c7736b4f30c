package io.listgate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code listgate import}: uploads the mapping and the source (SFTP by default, to the host of
 * {@code --url}), calls ImportList, follows the job (a live bar on a terminal, a line per state change
 * otherwise), prints the counts, fetches the {@code .err} file next to the source when rows were
 * rejected, and exits 0 only for COMPLETE.
 */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Upload a mapping and a source file and import them.")
final class ImportCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(500);

    @Mixin
    ApiOptions server;

    @Option(names = "--map", required = true, paramLabel = "MAP.xml", description = "the mapping file (LIST_IMPORT)")
    Path map;

    @Option(names = "--source", required = true, paramLabel = "SOURCE", description = "the CSV/TSV source, also .gz or .zip")
    Path source;

    @Option(names = "--protocol", defaultValue = "sftp", paramLabel = "sftp|ftps|ftp",
            description = "how the files are uploaded (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--sftp-port", defaultValue = "2222", paramLabel = "N", description = "default: ${DEFAULT-VALUE}")
    int sftpPort;

    @Option(names = "--ftp-port", defaultValue = "2121", paramLabel = "N", description = "FTP and FTPS; default: ${DEFAULT-VALUE}")
    int ftpPort;

    @Option(names = "--email", paramLabel = "ADDRESS", description = "mail the job's end to this address")
    String email;

    @Option(names = "--json", description = "print the final status as JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
        FileTransfer.Protocol via = protocol();
        for (Path file : new Path[] {map, source}) {
            if (!Files.isRegularFile(file)) {
                throw new ClientException(ListGateCommand.USAGE, file + " is not a file");
            }
        }
        PrintStream out = System.out;
        try (ApiClient api = new ApiClient(server).signIn()) {
            String host = server.url.getHost();
            int port = via == FileTransfer.Protocol.SFTP ? sftpPort : ftpPort;
            String mapName = map.getFileName().toString();
            String sourceName = source.getFileName().toString();
            JobStatusView job;
            try (FileTransfer files = FileTransfer.open(via, host, port, api.transferUser(), api.transferPassword(),
                    server.insecure)) {
                files.upload(map, mapName);
                files.upload(source, sourceName);
                if (!json) {
                    out.printf("Uploaded %s and %s by %s%n", mapName, sourceName, protocol);
                }
                long jobId = Long.parseLong(api.call("<ImportList><MAP_FILE>" + ApiClient.escape(mapName) + "</MAP_FILE>"
                        + "<SOURCE_FILE>" + ApiClient.escape(sourceName) + "</SOURCE_FILE>"
                        + (email == null ? "" : "<EMAIL>" + ApiClient.escape(email) + "</EMAIL>")
                        + "</ImportList>").text("JOB_ID"));
                job = follow(api, jobId, out);
                if (job.rejected() > 0 && job.parameters().containsKey("ERROR_FILE_NAME")) {
                    Path errors = errorFileBeside(job.parameters().get("ERROR_FILE_NAME"));
                    files.download(job.parameters().get("ERROR_FILE_NAME"), errors);
                    if (!json) {
                        out.printf("Rejected rows: %s%n", errors);
                    }
                }
            } catch (IOException e) {
                throw new ClientException(ListGateCommand.UNREACHABLE, protocol + ": " + e.getMessage(), e);
            }
            if (json) {
                job.printJson(out);
            } else {
                job.printTable(out);
            }
            return "COMPLETE".equals(job.status()) ? 0 : ListGateCommand.JOB_FAILED;
        }
    }

    private FileTransfer.Protocol protocol() {
        try {
            return FileTransfer.Protocol.valueOf(protocol.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ClientException(ListGateCommand.USAGE, "--protocol must be sftp, ftps or ftp, not " + protocol);
        }
    }

    /** subscribers.csv.gz and job 12's 12.err: subscribers.csv.gz.err beside the source. */
    private Path errorFileBeside(String errorFileName) {
        String suffix = errorFileName.substring(errorFileName.lastIndexOf('.'));
        return source.resolveSibling(source.getFileName() + suffix);
    }

    /** Polls GetJobStatus until the job ends: a bar on a terminal, else one line per state change. */
    private JobStatusView follow(ApiClient api, long jobId, PrintStream out) {
        boolean terminal = System.console() != null && !json;
        ProgressBar bar = null;
        String lastStatus = "";
        try {
            while (true) {
                JobStatusView job = JobStatusView.fetch(api, jobId);
                if (terminal && bar == null && !job.status().equals("WAITING")) {
                    bar = new ProgressBarBuilder().setTaskName("Job " + jobId).setInitialMax(job.estimatedRows())
                            .setStyle(ProgressBarStyle.ASCII).setUnit(" rows", 1).showSpeed()
                            .setUpdateIntervalMillis(200).continuousUpdate().build();
                }
                if (bar != null) {
                    bar.maxHint(job.ended() ? job.count("TOTAL_ROWS") : job.estimatedRows());
                    bar.stepTo(job.count("TOTAL_ROWS"));
                    bar.setExtraMessage(" " + job.soFar());
                } else if (!job.status().equals(lastStatus) && !json) {
                    out.printf("Job %d %s rows=%d %s%n", jobId, job.status(), job.count("TOTAL_ROWS"), job.soFar());
                }
                lastStatus = job.status();
                if (job.ended()) {
                    return job;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ListGateCommand.UNREACHABLE, "interrupted; job " + jobId + " goes on on the server");
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
