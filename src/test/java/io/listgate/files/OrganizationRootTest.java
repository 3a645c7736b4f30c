package io.listgate.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrganizationRootTest {

    @TempDir
    Path temp;

    @Test
    void normalizingFoldsDotsAndNeverClimbsAboveTheRoot() {
        assertEquals("/", OrganizationRoot.normalize("/", ".."));
        assertEquals("/", OrganizationRoot.normalize("/upload", "../../.."));
        assertEquals("/etc/passwd", OrganizationRoot.normalize("/upload", "/../../etc/passwd"));
        assertEquals("/upload/a.csv", OrganizationRoot.normalize("/upload", "a.csv"));
        assertEquals("/upload/a.csv", OrganizationRoot.normalize("/", "upload//./sub/../a.csv"));
        assertEquals("/upload/a.csv", OrganizationRoot.normalize("/", "upload\\a.csv"));
        assertEquals("/upload", OrganizationRoot.normalize("/upload", ""));
        assertEquals("/", OrganizationRoot.normalize("/upload", "/"));
    }

    @Test
    void onlyPathsStrictlyBelowUploadAreWritable() {
        assertTrue(OrganizationRoot.isWritable("/upload/a.csv"));
        assertTrue(OrganizationRoot.isWritable("/upload/sub/a.csv"));
        assertFalse(OrganizationRoot.isWritable("/upload"));
        assertFalse(OrganizationRoot.isWritable("/upload/"));
        assertFalse(OrganizationRoot.isWritable("/uploads/a.csv"));
        assertFalse(OrganizationRoot.isWritable("/upload/../download/a.csv"));
        assertFalse(OrganizationRoot.isWritable("/download/a.csv"));
        assertFalse(OrganizationRoot.isWritable("/a.csv"));
    }

    @Test
    void filesDirectlyInDownloadAreRemovableButNotTheFolderNorWhatIsBelowAFolderInIt() {
        assertTrue(OrganizationRoot.isRemovable("/download/Export - All - Dec 2 2026 01-02-03 PM.CSV"));
        assertTrue(OrganizationRoot.isRemovable("/upload/../download/1.res"));
        assertFalse(OrganizationRoot.isRemovable("/download"));
        assertFalse(OrganizationRoot.isRemovable("/download/"));
        assertFalse(OrganizationRoot.isRemovable("/download/sub/a.csv"));
        assertFalse(OrganizationRoot.isRemovable("/downloads/a.csv"));
        assertFalse(OrganizationRoot.isMovable("/download/1.res"), "deleted, never moved out");
    }

    @Test
    void filesOfAReportingDayFolderAreRemovableButNotTheFoldersNorMovableNorWritable() {
        assertTrue(OrganizationRoot.isRemovable("/reporting/2026-12-01/News_changed_20261201.csv"));
        assertTrue(OrganizationRoot.isRemovable("/reporting/2026-12-01/News_optouts_20261201.csv.gz"));
        assertFalse(OrganizationRoot.isRemovable("/reporting"));
        assertFalse(OrganizationRoot.isRemovable("/reporting/2026-12-01"));
        assertFalse(OrganizationRoot.isRemovable("/reporting/2026-12-01/"));
        assertFalse(OrganizationRoot.isRemovable("/reporting/a.csv"));
        assertFalse(OrganizationRoot.isRemovable("/reporting/2026-12-01/sub/a.csv"));
        assertFalse(OrganizationRoot.isMovable("/reporting/2026-12-01/a.csv"), "deleted, never moved out");
        assertFalse(OrganizationRoot.isWritable("/reporting/2026-12-01/a.csv"));
    }

    @Test
    void absolutePathsResolveInsideTheRoot() throws IOException {
        OrganizationRoot root = rootWithFolders();

        assertEquals(Optional.of(root.path().resolve("etc/passwd")), root.resolve("/etc/passwd"));
        assertEquals(Optional.of(root.path()), root.resolve("/../.."));
    }

    @Test
    void linksLeadingOutsideAreRefusedEvenForNamesBelowThemThatDoNotExistYet() throws IOException {
        // given
        OrganizationRoot root = rootWithFolders();
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(root.path().resolve("upload/out"), outside);
        Files.createSymbolicLink(root.path().resolve("upload/dangling"), outside.resolve("missing.txt"));
        Files.createSymbolicLink(root.path().resolve("upload/in"), root.path().resolve("download"));

        // when / then
        assertTrue(root.resolve("/upload/out").isEmpty());
        assertTrue(root.resolve("/upload/out/new.csv").isEmpty());
        assertTrue(root.resolve("/upload/out/deeper/new.csv").isEmpty());
        assertTrue(root.resolve("/upload/dangling").isEmpty());
        assertTrue(root.resolve("/upload/in/file.res").isPresent(), "links that stay inside are fine");
    }

    private OrganizationRoot rootWithFolders() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("data/acme"));
        Files.createDirectories(dir.resolve("upload"));
        Files.createDirectories(dir.resolve("download"));
        return new OrganizationRoot(dir);
    }
}
