package io.listgate.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a hot-folder file as incomplete while its upload runs: FTP and SFTP call {@link #started}
 * when an upload into an {@code in/} folder begins and {@link #finished} when it ends well. A
 * failed upload, or one cut off by a crash of the server, leaves the sentinel, so its partial file
 * is never taken; the next good upload of the file clears it. Being a file, the sentinel is seen by
 * every server sharing the data directory.
 */
public final class UploadSentinels {

    private static final Logger LOG = LoggerFactory.getLogger(UploadSentinels.class);

    private UploadSentinels() {
    }

    /** An upload to {@code virtualPath} (at {@code local}) begins. */
    public static void started(String virtualPath, Path local) {
        if (FlowLayout.inFile(OrganizationRoot.normalize("/", virtualPath)).isEmpty()) {
            return;
        }
        try {
            Files.createFile(sentinel(local));
        } catch (FileAlreadyExistsException again) {
            // an earlier upload of the same file failed: this one clears it when it ends well
        } catch (IOException e) {
            LOG.warn("cannot mark {} as being uploaded: {}", virtualPath, e.toString());
        }
    }

    /** The upload to {@code virtualPath} ended well: the file is complete. */
    public static void finished(String virtualPath, Path local) {
        if (FlowLayout.inFile(OrganizationRoot.normalize("/", virtualPath)).isEmpty()) {
            return;
        }
        try {
            Files.deleteIfExists(sentinel(local));
        } catch (IOException e) {
            LOG.warn("cannot clear the upload mark of {}: {}", virtualPath, e.toString());
        }
    }

    private static Path sentinel(Path local) {
        return local.resolveSibling(FlowLayout.uploadingSentinel(local.getFileName().toString()));
    }
}
