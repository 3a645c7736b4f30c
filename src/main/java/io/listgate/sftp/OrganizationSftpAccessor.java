package io.listgate.sftp;

import io.listgate.files.OrganizationRoot;
import io.listgate.user.OrgUser;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.security.Principal;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import org.apache.sshd.common.file.root.RootedFileSystem;
import org.apache.sshd.common.util.io.IoUtils;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;

/**
 * Applies the organization folder rules to every SFTP request: a path that reaches outside the root
 * through a symbolic link is refused (and left out of listings), anything that creates, changes or
 * removes is allowed only where {@link OrganizationRoot} allows it, and links cannot be created at all.
 *
 * <p>Modes and ownership are the server's: permissions, owner and group a client sends (OpenSSH's
 * {@code put} sends the local file's mode with the open, {@code chmod} and {@code chown} send SETSTAT)
 * are accepted and not applied, so a read-only local file never becomes a read-only upload that the
 * server could not move out of {@code in/}. Listings name the signed-in user as owner and its
 * organization as group, never the server's OS account.
 */
final class OrganizationSftpAccessor implements SftpFileSystemAccessor {

    private static final Set<StandardOpenOption> MODIFYING = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.DELETE_ON_CLOSE);
    /** Attributes a client may send but the server keeps to itself (names as MINA's attribute views use them). */
    private static final Set<String> SERVERS_OWN = Set.of("permissions", "mode", "owner", "group", "uid", "gid");

    @Override
    public Path resolveLocalFilePath(SftpSubsystemProxy subsystem, Path rootDir, String remotePath) throws IOException {
        Path path = SftpFileSystemAccessor.super.resolveLocalFilePath(subsystem, rootDir, remotePath);
        if (!isInside(path)) {
            throw new AccessDeniedException(remotePath, null, "outside the organization folder");
        }
        return path;
    }

    @Override
    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
            Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        if (options.stream().anyMatch(MODIFYING::contains)) {
            requireWritable(file);
        }
        // attrs (the client's mode for a new file) left out on purpose: new files get the server's umask
        return SftpFileSystemAccessor.super.openFile(subsystem, fileHandle, file, handle, options);
    }

    @Override
    public NavigableMap<String, Object> resolveReportedFileAttributes(SftpSubsystemProxy subsystem, Path file, int flags,
            NavigableMap<String, Object> attrs, LinkOption... options) throws IOException {
        OrgUser user = subsystem.getServerSession().getAttribute(OrganizationPasswordAuthenticator.ORG_USER);
        if (user == null) {
            return attrs;
        }
        NavigableMap<String, Object> shown = new TreeMap<>(attrs.comparator());
        shown.putAll(attrs);
        shown.put(IoUtils.OWNER_VIEW_ATTR, new Name(user.username()));
        shown.put(IoUtils.GROUP_VIEW_ATTR, new Name(user.organizationName()));
        return shown;
    }

    @Override
    public DirectoryStream<Path> openDirectory(SftpSubsystemProxy subsystem, DirectoryHandle dirHandle, Path dir,
            String handle, LinkOption... linkOptions) throws IOException {
        return new InsideOnly(SftpFileSystemAccessor.super.openDirectory(subsystem, dirHandle, dir, handle, linkOptions));
    }

    @Override
    public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
        requireWritable(path);
        SftpFileSystemAccessor.super.createDirectory(subsystem, path);
    }

    @Override
    public void removeFile(SftpSubsystemProxy subsystem, Path path, boolean isDirectory) throws IOException {
        String virtual = virtualPath(path);
        if (!OrganizationRoot.isRemovable(virtual) || !isInside(path)) {
            throw new AccessDeniedException(virtual, null, "read-only: this cannot be removed");
        }
        SftpFileSystemAccessor.super.removeFile(subsystem, path, isDirectory);
    }

    @Override
    public void renameFile(SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts)
            throws IOException {
        requireWritable(oldPath);
        requireWritable(newPath);
        SftpFileSystemAccessor.super.renameFile(subsystem, oldPath, newPath, opts);
    }

    @Override
    public void copyFile(SftpSubsystemProxy subsystem, Path src, Path dst, Collection<CopyOption> opts) throws IOException {
        requireWritable(dst);
        SftpFileSystemAccessor.super.copyFile(subsystem, src, dst, opts);
    }

    /** A link made by a client could point anywhere; clients get none, hard or symbolic. */
    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink) throws IOException {
        throw new AccessDeniedException(link.toString(), null, "links cannot be created");
    }

    @Override
    public void setFileAttribute(SftpSubsystemProxy subsystem, Path file, String view, String attribute, Object value,
            LinkOption... options) throws IOException {
        requireWritable(file);
        if (!SERVERS_OWN.contains(attribute)) {
            SftpFileSystemAccessor.super.setFileAttribute(subsystem, file, view, attribute, value, options);
        }
    }

    @Override
    public void applyExtensionFileAttributes(SftpSubsystemProxy subsystem, Path file, Map<String, byte[]> extensions,
            LinkOption... options) throws IOException {
        if (extensions != null && !extensions.isEmpty()) {
            requireWritable(file);
        }
        SftpFileSystemAccessor.super.applyExtensionFileAttributes(subsystem, file, extensions, options);
    }

    @Override
    public void setFileOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
            throws IOException {
        requireWritable(file);
        // accepted, not applied: see the class comment
    }

    @Override
    public void setGroupOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options)
            throws IOException {
        requireWritable(file);
        // accepted, not applied: see the class comment
    }

    @Override
    public void setFilePermissions(SftpSubsystemProxy subsystem, Path file, Set<PosixFilePermission> perms,
            LinkOption... options) throws IOException {
        requireWritable(file);
        // accepted, not applied: see the class comment
    }

    @Override
    public void setFileAccessControl(SftpSubsystemProxy subsystem, Path file, List<AclEntry> acl, LinkOption... options)
            throws IOException {
        requireWritable(file);
        SftpFileSystemAccessor.super.setFileAccessControl(subsystem, file, acl, options);
    }

    /** A listing's owner or group: the user's or organization's name. */
    private record Name(String name) implements UserPrincipal, GroupPrincipal {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static String virtualPath(Path path) {
        return OrganizationRoot.normalize("/", path.toAbsolutePath().normalize().toString());
    }

    private static void requireWritable(Path path) throws AccessDeniedException {
        String virtual = virtualPath(path);
        if (!OrganizationRoot.isWritable(virtual) || !isInside(path)) {
            throw new AccessDeniedException(virtual, null, "read-only: clients write below /upload and in hot folders' in/");
        }
    }

    private static boolean isInside(Path path) {
        if (!(path.getFileSystem() instanceof RootedFileSystem rooted)) {
            // Only rooted file systems are handed out; anything else is a wiring mistake, so refuse.
            return false;
        }
        return new OrganizationRoot(rooted.getRoot()).resolve(virtualPath(path)).isPresent();
    }

    /** A directory listing without the entries that lead outside the root. */
    private static final class InsideOnly implements DirectoryStream<Path> {
        private final DirectoryStream<Path> entries;

        InsideOnly(DirectoryStream<Path> entries) {
            this.entries = entries;
        }

        @Override
        public Iterator<Path> iterator() {
            Iterator<Path> all = entries.iterator();
            return new Iterator<>() {
                private Path next;

                @Override
                public boolean hasNext() {
                    while (next == null && all.hasNext()) {
                        Path candidate = all.next();
                        if (isInside(candidate)) {
                            next = candidate;
                        }
                    }
                    return next != null;
                }

                @Override
                public Path next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Path result = next;
                    next = null;
                    return result;
                }
            };
        }

        @Override
        public void close() throws IOException {
            entries.close();
        }
    }
}
