package io.listgate.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * One organization's file root as FTP and SFTP clients see it: a virtual tree whose {@code /} is the
 * root folder. Shared by both protocols so the two doors apply the same two rules:
 * <ul>
 *   <li>nothing outside the root is reachable, neither by {@code ..}, nor by absolute paths, nor by a
 *       symbolic link inside the root that points outside it;</li>
 *   <li>clients write (create, overwrite, append, delete, rename, make or remove folders) only strictly
 *       below {@code /upload} and where the hot-folder tree lets them ({@link FlowLayout}), and delete
 *       the files of {@code /download} and of the day folders of {@code /reporting}; everything else is read-only.</li>
 * </ul>
 */
public final class OrganizationRoot {

    /** Virtual prefix below which clients may write. */
    public static final String WRITABLE_PREFIX = "/" + OrganizationFolders.UPLOAD + "/";

    private final Path root;

    /** @param root the organization's root as returned by {@link OrganizationFolders#root(String)} (a real path) */
    public OrganizationRoot(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("organization root does not exist: " + root, e);
        }
    }

    /** The real path of the root folder. */
    public Path path() {
        return root;
    }

    /**
     * Resolves {@code requested} against the virtual directory {@code currentDir} the way a shell would,
     * without touching the disk: {@code .} and {@code ..} are folded, {@code ..} at {@code /} stays at
     * {@code /}, backslashes count as separators. The result always starts with {@code /} and has no
     * trailing slash (except {@code /} itself).
     */
    public static String normalize(String currentDir, String requested) {
        String request = requested == null ? "" : requested.replace('\\', '/').strip();
        Deque<String> parts = new ArrayDeque<>();
        if (!request.startsWith("/")) {
            push(parts, currentDir == null ? "/" : currentDir.replace('\\', '/'));
        }
        push(parts, request);
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }

    private static void push(Deque<String> parts, String path) {
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("~")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
    }

    /**
     * The local path of a normalized virtual path, or empty when it would reach outside the root: the
     * deepest part of it that exists is resolved through any symbolic links and must stay inside.
     * A dangling link is refused too, since creating its target would create a file outside.
     */
    public Optional<Path> resolve(String virtualPath) {
        String normalized = normalize("/", virtualPath);
        if (normalized.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Path local = normalized.equals("/") ? root : root.resolve(normalized.substring(1)).normalize();
        return local.startsWith(root) && contains(local) ? Optional.of(local) : Optional.empty();
    }

    /** Whether {@code local}, a path lexically under the root, stays inside it once links are followed. */
    public boolean contains(Path local) {
        Path existing = local;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return false;
        }
        try {
            return existing.toRealPath().startsWith(root);
        } catch (IOException e) {
            // dangling link or a race with a deletion: refuse rather than guess
            return false;
        }
    }

    /**
     * Whether clients may create, change or remove what lives at this virtual path: anything strictly
     * below {@code /upload}, and in the hot-folder tree what {@link FlowLayout} lets them write.
     */
    public static boolean isWritable(String virtualPath) {
        String path = normalize("/", virtualPath);
        return path.startsWith(WRITABLE_PREFIX) || FlowLayout.isClientWritable(path);
    }

    /**
     * Whether clients may remove what lives at this virtual path: what they may write, flow results,
     * and files directly in {@code /download} (export and result files: clients delete what they fetched).
     */
    public static boolean isRemovable(String virtualPath) {
        String path = normalize("/", virtualPath);
        return isMovable(path) || isDownloadFile(path) || isReportingFile(path);
    }

    /** Whether clients may rename what lives here to elsewhere: what they may write, and flow results; not download files. */
    public static boolean isMovable(String virtualPath) {
        String path = normalize("/", virtualPath);
        return isWritable(path) || FlowLayout.isClientRemovable(path);
    }

    /** A file of a day folder of {@code /reporting} (scheduled exports): clients delete what they fetched. */
    private static boolean isReportingFile(String path) {
        String prefix = "/" + OrganizationFolders.REPORTING + "/";
        int slash = path.indexOf('/', prefix.length());
        return path.startsWith(prefix) && slash > prefix.length() && slash < path.length() - 1
                && path.indexOf('/', slash + 1) < 0;
    }

    private static boolean isDownloadFile(String path) {
        String prefix = "/" + OrganizationFolders.DOWNLOAD + "/";
        return path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0;
    }
}
