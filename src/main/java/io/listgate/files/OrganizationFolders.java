package io.listgate.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Each organization's file root under the data directory, holding {@code upload/} (written by
 * clients) and {@code download/} (written by the server, read-only for clients). Several servers
 * sharing one database point the data directory at one shared mount.
 */
public final class OrganizationFolders {

    public static final String UPLOAD = "upload";
    public static final String DOWNLOAD = "download";
    /** Scheduled exports' files, one folder per day (read-only for clients, who may delete the files). */
    public static final String REPORTING = "reporting";

    /** Organization names double as folder names, so they are kept to a portable, traversal-free set. */
    public static final Pattern ORGANIZATION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Path dataDir;

    public OrganizationFolders(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** The organization's root, with {@code upload/} and {@code download/} created on demand. */
    public Path root(String organizationName) {
        if (!ORGANIZATION_NAME.matcher(organizationName).matches()) {
            throw new IllegalArgumentException("not a valid organization name: " + organizationName);
        }
        Path root = dataDir.resolve(organizationName);
        try {
            Files.createDirectories(root.resolve(UPLOAD));
            Files.createDirectories(root.resolve(DOWNLOAD));
            return root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare folders of organization " + organizationName, e);
        }
    }

    public Path upload(String organizationName) {
        return root(organizationName).resolve(UPLOAD);
    }

    public Path download(String organizationName) {
        return root(organizationName).resolve(DOWNLOAD);
    }

    /** The {@code reporting/} folders of the organizations that have one. */
    public List<Path> reportingFolders() {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> roots = Files.newDirectoryStream(dataDir)) {
            for (Path root : roots) {
                Path reporting = root.resolve(REPORTING);
                if (ORGANIZATION_NAME.matcher(root.getFileName().toString()).matches() && Files.isDirectory(reporting)) {
                    found.add(reporting);
                }
            }
        } catch (IOException e) {
            // no data directory yet: nothing to tidy
        }
        return found;
    }

    /**
     * Resolves a file name a client gave for its {@code upload/} folder. Empty when the name is
     * absolute, climbs out with {@code ..}, or reaches outside through a symbolic link.
     */
    public Optional<Path> resolveUpload(String organizationName, String fileName) {
        return resolveInside(upload(organizationName), fileName);
    }

    /** Resolves {@code name} below {@code folder}, refusing anything that would land outside it. */
    public static Optional<Path> resolveInside(Path folder, String name) {
        if (name == null || name.isBlank() || name.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Path relative;
        try {
            relative = Path.of(name.replace('\\', '/'));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (relative.isAbsolute()) {
            return Optional.empty();
        }
        Path candidate = folder.resolve(relative).normalize();
        if (!candidate.startsWith(folder)) {
            return Optional.empty();
        }
        // A symbolic link inside the folder (even above a file still to be created) may point elsewhere.
        if (!new OrganizationRoot(folder).contains(candidate)) {
            return Optional.empty();
        }
        return Optional.of(candidate);
    }
}
