package io.listgate.bench;

import io.listgate.Server;
import io.listgate.ftp.Eventually;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The hot-folder benchmark (not part of the test suite; {@code mvn -B verify -Pbenchmark
 * [-Dbench.rows=N] [-Dit.test=HotFolderBenchmark]}): the same zipped file of {@code bench.rows} rows
 * (default 1,000,000) CREATEs a database through ImportList, then through a hot folder (dropped
 * complete with its marker, timed until it is filed in {@code ok/} with its report). Issue 10's goal:
 * the hot folder takes no more than 1.1 times ImportList.
 */
class HotFolderBenchmark {

    private static final int POLL = 200;

    @Test
    void hotFolderBenchmark() throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        Server server = TestServer.shared();
        XmlApiClient api = new XmlApiClient(server.httpPort());
        String session = api.loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        Path upload = server.folders().upload(TestUsers.ACME);
        String name = "hotbench-" + System.currentTimeMillis();
        Path csv = ImportBenchmark.generate(upload.resolve(name + ".csv"), 0, rows, "h");
        Path zip = zip(csv, upload.resolve(name + ".zip"));
        Files.delete(csv);

        // ImportList: mapping and source in upload/, timed from the call to COMPLETE
        Files.writeString(upload.resolve(name + "-il.xml"), ImportBenchmark.createMapping(name + "-il"));
        long t0 = System.nanoTime();
        ImportBenchmark.awaitComplete(api, session, ImportBenchmark.importList(api, session, name + "-il.xml",
                zip.getFileName().toString()), POLL);
        double importListSeconds = (System.nanoTime() - t0) / 1e9;

        // the hot folder: a flow of its own, the zip moved in complete with its marker, timed until filed in ok/
        Path flow = server.folders().root(TestUsers.ACME).resolve("flows").resolve(name);
        Files.createDirectories(flow);
        Path in = flow.resolve("import/in");
        Eventually.await("the flow's folders", Duration.ofMinutes(1), () -> Files.isDirectory(in));
        Files.writeString(flow.resolve("import/map.xml"), ImportBenchmark.createMapping(name + "-hf"));
        Files.copy(zip, in.resolve("." + name + ".zip.part"));
        t0 = System.nanoTime();
        Files.move(in.resolve("." + name + ".zip.part"), in.resolve(name + ".zip"), StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(in.resolve(name + ".zip.done"), "");
        Path ok = flow.resolve("import/ok");
        Eventually.await("the zip filed in ok/", Duration.ofHours(1), () -> filed(ok, name + ".zip"));
        double hotFolderSeconds = (System.nanoTime() - t0) / 1e9;
        try (Stream<Path> ko = Files.list(flow.resolve("import/ko"))) {
            if (ko.findAny().isPresent()) {
                throw new AssertionError("the hot-folder file went to ko/");
            }
        }

        System.out.printf(Locale.ROOT, "%n=== ListGate hot-folder benchmark: %,d rows, zipped (%,d bytes) ===%n",
                rows, Files.size(zip));
        System.out.printf(Locale.ROOT, "ImportList CREATE   %8.1f s  %,10.0f rows/s%n", importListSeconds, rows / importListSeconds);
        System.out.printf(Locale.ROOT, "hot folder CREATE   %8.1f s  %,10.0f rows/s  (drop to filed in ok/)%n",
                hotFolderSeconds, rows / hotFolderSeconds);
        System.out.printf(Locale.ROOT, "ratio hot folder / ImportList = %.2f (goal <= 1.1)%n%n", hotFolderSeconds / importListSeconds);
    }

    private static Path zip(Path file, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(file.getFileName().toString()));
            Files.copy(file, z);
            z.closeEntry();
        }
        return zip;
    }

    /** The file and its report are in ok/. */
    private static boolean filed(Path ok, String name) {
        try (Stream<Path> files = Files.list(ok)) {
            return files.anyMatch(p -> p.getFileName().toString().matches("[0-9]+_" + name.replace(".", "\\.") + "\\.res"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
