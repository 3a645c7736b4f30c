package io.listgate.ftp;

import io.listgate.files.OrganizationRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.usermanager.impl.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file or folder of the organization's tree, named by its virtual path. A name that would reach
 * outside the root (including through a symbolic link) has no local path: it does not exist, cannot be
 * read and cannot be written, so every command on it fails with FtpServer's usual 550 reply.
 */
final class OrganizationFtpFile implements FtpFile {

    private static final Logger LOG = LoggerFactory.getLogger(OrganizationFtpFile.class);

    private final String virtualPath;
    private final OrganizationFtpUser user;
    private final Optional<Path> local;

    OrganizationFtpFile(String virtualPath, OrganizationFtpUser user) {
        this.virtualPath = virtualPath;
        this.user = user;
        this.local = user.root().resolve(virtualPath);
    }

    @Override
    public String getAbsolutePath() {
        return virtualPath;
    }

    @Override
    public String getName() {
        return virtualPath.equals("/") ? "/" : virtualPath.substring(virtualPath.lastIndexOf('/') + 1);
    }

    @Override
    public boolean isHidden() {
        return getName().startsWith(".");
    }

    @Override
    public boolean isDirectory() {
        return local.filter(Files::isDirectory).isPresent();
    }

    @Override
    public boolean isFile() {
        return local.filter(Files::isRegularFile).isPresent();
    }

    @Override
    public boolean doesExist() {
        return local.filter(Files::exists).isPresent();
    }

    @Override
    public boolean isReadable() {
        return local.filter(Files::isReadable).isPresent();
    }

    /** Creating, overwriting, appending to it, or making it as a folder: where {@link OrganizationRoot} allows it. */
    @Override
    public boolean isWritable() {
        return allowed(OrganizationRoot.isWritable(virtualPath));
    }

    @Override
    public boolean isRemovable() {
        return allowed(OrganizationRoot.isRemovable(virtualPath)) && doesExist();
    }

    private boolean allowed(boolean byRule) {
        if (local.isEmpty() || !byRule || user.authorize(new WriteRequest(virtualPath)) == null) {
            return false;
        }
        Path path = local.get();
        return !Files.exists(path) || Files.isWritable(path);
    }

    @Override
    public String getOwnerName() {
        // the signed-in user and its organization, as the SFTP listing shows them; never the OS account
        return user.orgUser().username();
    }

    @Override
    public String getGroupName() {
        return user.orgUser().organizationName();
    }

    @Override
    public int getLinkCount() {
        return isDirectory() ? 3 : 1;
    }

    @Override
    public long getLastModified() {
        try {
            return local.isPresent() ? Files.getLastModifiedTime(local.get()).toMillis() : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }

    @Override
    public boolean setLastModified(long time) {
        if (!isWritable() || !doesExist()) {
            return false;
        }
        try {
            Files.setLastModifiedTime(local.get(), FileTime.fromMillis(time));
            return true;
        } catch (IOException e) {
            LOG.info("cannot set modification time of {}: {}", virtualPath, e.toString());
            return false;
        }
    }

    @Override
    public long getSize() {
        try {
            return isFile() ? Files.size(local.get()) : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }

    /** The local path, for ftplets that hand an uploaded file on. */
    @Override
    public Object getPhysicalFile() {
        return local.map(Path::toFile).orElse(null);
    }

    @Override
    public boolean mkdir() {
        if (!isWritable()) {
            return false;
        }
        try {
            Files.createDirectory(local.get());
            return true;
        } catch (IOException e) {
            LOG.info("cannot create folder {}: {}", virtualPath, e.toString());
            return false;
        }
    }

    @Override
    public boolean delete() {
        if (!isRemovable()) {
            return false;
        }
        try {
            Files.delete(local.get());
            return true;
        } catch (IOException e) {
            LOG.info("cannot delete {}: {}", virtualPath, e.toString());
            return false;
        }
    }

    @Override
    public boolean move(FtpFile destination) {
        if (!(destination instanceof OrganizationFtpFile target) || !allowed(OrganizationRoot.isMovable(virtualPath))
                || !doesExist() || !target.isWritable()
                || target.doesExist()) {
            return false;
        }
        try {
            Files.move(local.get(), target.local.get());
            return true;
        } catch (IOException e) {
            LOG.info("cannot rename {} to {}: {}", virtualPath, target.virtualPath, e.toString());
            return false;
        }
    }

    /** Entries that lead outside the root are left out, as if they were not there. */
    @Override
    public List<? extends FtpFile> listFiles() {
        if (!isDirectory()) {
            return null;
        }
        List<OrganizationFtpFile> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(local.get())) {
            String prefix = virtualPath.equals("/") ? "/" : virtualPath + "/";
            for (Path entry : entries) {
                OrganizationFtpFile child = new OrganizationFtpFile(prefix + entry.getFileName(), user);
                if (child.local.isPresent()) {
                    children.add(child);
                }
            }
        } catch (IOException e) {
            LOG.info("cannot list {}: {}", virtualPath, e.toString());
            return null;
        }
        children.sort(Comparator.comparing(FtpFile::getName));
        return children;
    }

    @Override
    public OutputStream createOutputStream(long offset) throws IOException {
        if (!isWritable()) {
            throw new AccessDeniedException(virtualPath);
        }
        if (offset == 0) {
            return Files.newOutputStream(local.get());
        }
        // REST + STOR and APPE: keep the first offset bytes, write from there
        FileChannel channel = FileChannel.open(local.get(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.truncate(offset);
            channel.position(offset);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return Channels.newOutputStream(channel);
    }

    @Override
    public InputStream createInputStream(long offset) throws IOException {
        if (!isReadable() || !isFile()) {
            throw new AccessDeniedException(virtualPath);
        }
        FileChannel channel = FileChannel.open(local.get(), StandardOpenOption.READ);
        channel.position(offset);
        return Channels.newInputStream(channel);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OrganizationFtpFile that && virtualPath.equals(that.virtualPath)
                && user.root().path().equals(that.user.root().path());
    }

    @Override
    public int hashCode() {
        return virtualPath.hashCode();
    }
}
