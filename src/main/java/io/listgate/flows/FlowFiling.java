package io.listgate.flows;

import io.listgate.files.FlowLayout;
import io.listgate.files.OrganizationFolders;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.JobEndListener;
import io.listgate.importjob.JobStatus;
import io.listgate.importjob.RowError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files a hot-folder job's source when the job ends: into {@code ok/} (COMPLETE, rejected rows or
 * not) or {@code ko/} (the job failed as a whole), with its {@code .res} and {@code .err} beside it.
 * The result files go first and the source moves last, so a crash in between only repeats the copy;
 * the scanner files what a crash left in {@code on/}.
 */
public final class FlowFiling implements JobEndListener {

    private static final Logger LOG = LoggerFactory.getLogger(FlowFiling.class);

    private final OrganizationFolders folders;
    private final LongFunction<String> organizationNames;

    public FlowFiling(OrganizationFolders folders, LongFunction<String> organizationNames) {
        this.folders = folders;
        this.organizationNames = organizationNames;
    }

    @Override
    public void jobEnded(ImportJob job, List<RowError> firstErrors) {
        if (job.flow() != null) {
            file(job);
        }
    }

    /** Moves the job's source from {@code on/} to {@code ok/} or {@code ko/}; nothing when already done. */
    void file(ImportJob job) {
        Path root = folders.root(organizationNames.apply(job.organizationId()));
        Path source = root.resolve(job.sourceFile());
        Optional<Path> dispatched = FlowDispatch.fileOfPart(source);
        if (dispatched.isPresent()) {
            partEnded(job, source, root.resolve(job.flow()), dispatched.get());
            return;
        }
        if (!Files.exists(source)) {
            return;
        }
        Path target = root.resolve(job.flow()).resolve(job.status() == JobStatus.COMPLETE ? FlowLayout.OK : FlowLayout.KO);
        Path download = folders.download(organizationNames.apply(job.organizationId()));
        String name = source.getFileName().toString();
        try {
            Files.createDirectories(target);
            copyResult(download, job.resultsFile(), target.resolve(name + ".res"));
            copyResult(download, job.errorFile(), target.resolve(name + ".err"));
            Files.move(source, target.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // kept for the configured days from now, not from its upload
            Files.setLastModifiedTime(target.resolve(name), FileTime.from(Instant.now()));
            LOG.info("Hot folder {}: {} filed in {} (job {} {})", job.flow(), name, target.getFileName(), job.id(),
                    job.status());
        } catch (IOException e) {
            LOG.error("Hot folder {}: cannot file {} of job {}: {}", job.flow(), name, job.id(), e.toString());
        }
    }

    /** A part of a dispatched file ended: its report is kept beside it, and the file filed once every part has ended. */
    private void partEnded(ImportJob job, Path part, Path folder, Path file) {
        try {
            if (!Files.exists(file) || Files.exists(part.resolveSibling(part.getFileName() + FlowDispatch.ENDED))) {
                return;
            }
            Path download = folders.download(organizationNames.apply(job.organizationId()));
            copyResult(download, job.resultsFile(), part.resolveSibling(part.getFileName() + ".res"));
            copyResult(download, job.errorFile(), part.resolveSibling(part.getFileName() + ".err"));
            FlowDispatch.partEnded(part, job.status().name());
            if (FlowDispatch.allEnded(part.getParent())) {
                fileDispatched(folder, file);
            }
        } catch (IOException e) {
            LOG.error("Hot folder {}: cannot keep the report of job {} for {}: {}", job.flow(), job.id(), file.getFileName(),
                    e.toString());
        }
    }

    /**
     * Files a dispatched file whose every part has ended: its report gathers theirs, then it moves
     * to {@code ok/} (every part COMPLETE) or {@code ko/}. Part jobs end on several workers, so one
     * at a time; the scanner repeats what a crash cut off.
     */
    void fileDispatched(Path folder, Path file) {
        synchronized (FlowFiling.class) {
            Path parts = FlowDispatch.partsOf(file);
            String name = file.getFileName().toString();
            if (!Files.exists(file)) {
                return;
            }
            try {
                Path res = parts.resolve(name + ".res");
                Path err = parts.resolve(name + ".err");
                boolean complete = FlowDispatch.report(parts, name, res, err);
                Path target = folder.resolve(complete ? FlowLayout.OK : FlowLayout.KO);
                Files.createDirectories(target);
                Files.copy(res, target.resolve(name + ".res"), StandardCopyOption.REPLACE_EXISTING);
                if (Files.exists(err)) {
                    Files.copy(err, target.resolve(name + ".err"), StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(file, target.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.setLastModifiedTime(target.resolve(name), FileTime.from(Instant.now()));
                FlowDispatch.remove(parts);
                LOG.info("Hot folder {}: dispatched {} filed in {}", folder, name, target.getFileName());
            } catch (IOException e) {
                LOG.error("Hot folder {}: cannot file the dispatched {}: {}", folder, name, e.toString());
            }
        }
    }

    private static void copyResult(Path download, String file, Path to) throws IOException {
        if (file != null && Files.isRegularFile(download.resolve(file))) {
            Files.copy(download.resolve(file), to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A file refused before any job could take it: into {@code ko/} with a {@code .res} saying why. */
    static void refuse(Path onFile, Path flowFolder, String reason) {
        Path ko = flowFolder.resolve(FlowLayout.KO);
        String name = onFile.getFileName().toString();
        try {
            Files.createDirectories(ko);
            Files.writeString(ko.resolve(name + ".res"), "ListGate hot folder " + flowFolder.getFileName() + "\n"
                    + "File: " + name + "\nStatus: REFUSED\nReason: " + reason + "\n", StandardCharsets.UTF_8);
            Files.move(onFile, ko.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.setLastModifiedTime(ko.resolve(name), FileTime.from(Instant.now()));
            FlowDispatch.remove(FlowDispatch.partsOf(onFile));
            LOG.info("Hot folder {}: {} refused: {}", flowFolder, name, reason);
        } catch (IOException e) {
            LOG.error("Hot folder {}: cannot refuse {}: {}", flowFolder, name, e.toString());
        }
    }
}
