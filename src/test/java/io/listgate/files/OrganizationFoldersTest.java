package io.listgate.files;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrganizationFoldersTest {

    @TempDir
    Path data;

    @Test
    void rootIsCreatedWithUploadAndDownload() {
        Path root = new OrganizationFolders(data).root("acme");

        assertTrue(Files.isDirectory(root.resolve("upload")));
        assertTrue(Files.isDirectory(root.resolve("download")));
    }

    @Test
    void plainNamesResolveInsideUpload() {
        OrganizationFolders folders = new OrganizationFolders(data);

        Path file = folders.resolveUpload("acme", "subscribers.csv").orElseThrow();

        assertEquals(folders.upload("acme").resolve("subscribers.csv"), file);
    }

    @Test
    void namesThatLeaveTheUploadFolderAreRefused() {
        OrganizationFolders folders = new OrganizationFolders(data);
        folders.root("globex");

        for (String name : new String[] {"../download/x.csv", "../../globex/upload/x.csv", "/etc/passwd",
                "..\\..\\x", "", "  ", "a\0b"}) {
            assertTrue(folders.resolveUpload("acme", name).isEmpty(), name);
        }
    }

    @Test
    void symbolicLinksPointingOutsideAreRefused() throws Exception {
        OrganizationFolders folders = new OrganizationFolders(data);
        Path outside = Files.writeString(data.resolve("outside.txt"), "secret");
        Files.createSymbolicLink(folders.upload("acme").resolve("link.csv"), outside);

        assertTrue(folders.resolveUpload("acme", "link.csv").isEmpty());
    }

    @Test
    void newFilesBelowALinkPointingOutsideAreRefused() throws Exception {
        OrganizationFolders folders = new OrganizationFolders(data);
        Path outside = Files.createDirectories(data.resolve("outside-dir"));
        Files.createSymbolicLink(folders.upload("acme").resolve("out"), outside);

        assertTrue(folders.resolveUpload("acme", "out/new.csv").isEmpty());
    }

    @Test
    void organizationNamesThatWouldTraverseAreRefused() {
        OrganizationFolders folders = new OrganizationFolders(data);

        assertThrows(IllegalArgumentException.class, () -> folders.root(".."));
        assertThrows(IllegalArgumentException.class, () -> folders.root("a/b"));
    }
}
