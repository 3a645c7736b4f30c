package io.listgate.importjob;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * An import's source file, opened as the stream of its rows: a plain file, a gzip file, or a zip
 * archive whose first regular entry holds the rows. It is streamed, never unpacked to disk, and
 * what has been read is counted in bytes of the file as uploaded (compressed), so that progress,
 * SOURCE_BYTES and BYTES_READ all speak of the same file.
 *
 * <p>One class with a {@link Format} rather than a type per format: the formats differ only in the
 * stream laid over the file, and everything else (counting, the expansion limit, the messages) is
 * shared.
 */
public final class Source {

    /** How the file's bytes become the rows' bytes. */
    enum Format { PLAIN, GZIP, ZIP }

    private static final int BUFFER = 64 * 1024;
    private static final String NOT_GZIP = "the source file is not valid gzip: ";
    private static final String NOT_ZIP = "the source file is not a valid zip file: ";

    private final Path file;
    private final Format format;
    private final long size;
    private final long maxExpandedBytes;

    private Source(Path file, Format format, long size, long maxExpandedBytes) {
        this.file = file;
        this.format = format;
        this.size = size;
        this.maxExpandedBytes = maxExpandedBytes;
    }

    /**
     * The source in {@code file}. A compressed one fails while being read once it has expanded to
     * more than {@code maxExpandedBytes} (a zip bomb); a plain file is as large as it is.
     */
    public static Source of(Path file, long maxExpandedBytes) throws IOException {
        if (maxExpandedBytes <= 0) {
            throw new IllegalArgumentException("the expanded size limit must be positive, not " + maxExpandedBytes);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        return new Source(file, format(head, file.getFileName().toString()), Files.size(file), maxExpandedBytes);
    }

    /**
     * The content decides first, the name second. Clients name files loosely (a gzip export saved as
     * .csv, a renamed zip), and no text file starts with gzip's 1F 8B (RFC 1952, 2.3.1) or with zip's
     * PK 03 04 or, for an empty archive, PK 05 06 (APPNOTE 4.3.7, 4.3.16). The name decides only
     * when the content is neither, so that a "subscribers.csv.gz" that is not gzip ends the job
     * with that said, instead of its bytes being imported as rows.
     */
    static Format format(byte[] head, String name) {
        if (head.length >= 2 && head[0] == 0x1f && head[1] == (byte) 0x8b) {
            return Format.GZIP;
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6)) {
            return Format.ZIP;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".gz")) {
            return Format.GZIP;
        }
        return lower.endsWith(".zip") ? Format.ZIP : Format.PLAIN;
    }

    Format format() {
        return format;
    }

    /** Bytes of the file on disk (compressed, for a compressed file) when the source was made. */
    public long size() {
        return size;
    }

    /**
     * Opens the file for one pass over its rows. A zip is positioned on its first regular entry
     * here, so a zip without one, or whose entry cannot be read, fails now rather than mid-job.
     */
    public Opened open() throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            if (format == Format.PLAIN) {
                Counting counted = new Counting(raw);
                return new Opened(counted, counted, null, size);
            }
            Counting counted = new Counting(new BufferedInputStream(raw, BUFFER));
            Expanded expanded = format == Format.GZIP
                    ? new Expanded(gunzip(counted), maxExpandedBytes, NOT_GZIP)
                    : new Expanded(firstEntry(counted), maxExpandedBytes, NOT_ZIP);
            return new Opened(counted, expanded, expanded, size);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static InputStream gunzip(InputStream in) throws IOException {
        try {
            return new GZIPInputStream(in, BUFFER);
        } catch (ZipException | EOFException e) {
            throw new SourceException(NOT_GZIP + reason(e));
        }
    }

    private static InputStream firstEntry(InputStream in) throws IOException {
        NamingZipInputStream zip = new NamingZipInputStream(in);
        boolean folders = false;
        try {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.isDirectory()) {
                    folders = true;
                    continue;
                }
                if (entry.getMethod() != ZipEntry.STORED && entry.getMethod() != ZipEntry.DEFLATED) {
                    throw new SourceException("the zip entry " + entry.getName() + " uses compression method "
                            + entry.getMethod() + "; only stored and deflated entries can be read");
                }
                return zip;
            }
        } catch (ZipException | EOFException e) {
            // ZipInputStream refuses an encrypted entry by this message, once it has read its name
            if (zip.lastName != null && String.valueOf(e.getMessage()).contains("encrypted")) {
                throw new SourceException("the zip entry " + zip.lastName + " is encrypted");
            }
            throw new SourceException(NOT_ZIP + reason(e));
        }
        throw new SourceException(folders ? "the zip file holds no file, only folders" : "the zip file holds no file");
    }

    private static String reason(IOException e) {
        return e instanceof EOFException || e.getMessage() == null ? "it is cut off before its end" : e.getMessage();
    }

    /** An open source: the rows' bytes and how much of the file they took so far. */
    public static final class Opened implements AutoCloseable {

        private final Counting counted;
        private final InputStream data;
        private final Expanded expanded;
        private final long size;

        private Opened(Counting counted, InputStream data, Expanded expanded, long size) {
            this.counted = counted;
            this.data = data;
            this.expanded = expanded;
            this.size = size;
        }

        /** The rows' bytes (decompressed), streamed. */
        public InputStream data() {
            return data;
        }

        /**
         * Bytes of the file consumed so far; the file's size once {@link #data()} has ended. Safe to
         * call from any thread.
         */
        public long bytesRead() {
            long count = counted.count;
            // Past a compressed stream's end come only its trailer, the zip's other entries and its
            // central directory: none of it is rows, so the whole file counts as read.
            return expanded != null && expanded.ended ? Math.max(count, size) : count;
        }

        @Override
        public void close() throws IOException {
            data.close();
        }
    }

    /** Counts the bytes taken from the file. */
    private static final class Counting extends FilterInputStream {

        volatile long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            count += skipped;
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /**
     * The decompressed bytes: held to the expansion limit, and the decompressor's complaints about
     * the file turned into a sentence for the user.
     */
    private static final class Expanded extends FilterInputStream {

        private final long max;
        private final String invalid;
        private final byte[] one = new byte[1];
        private long count;
        volatile boolean ended;

        Expanded(InputStream in, long max, String invalid) {
            super(in);
            this.max = max;
            this.invalid = invalid;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw new SourceException(invalid + reason(e));
            }
            if (n < 0) {
                ended = true;
            } else {
                expanded(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // an inflater skips by inflating, so skipped bytes go through read and count as expanded
            byte[] buffer = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void expanded(long n) throws SourceException {
            count += n;
            if (count > max) {
                throw new SourceException("the source file expands to more than " + max
                        + " bytes (LISTGATE_IMPORT_MAX_EXPANDED_BYTES)");
            }
        }
    }

    /** Remembers the name of the entry being read, which an encrypted entry's exception leaves out. */
    private static final class NamingZipInputStream extends ZipInputStream {

        String lastName;

        NamingZipInputStream(InputStream in) {
            // ISO-8859-1 decodes any byte, so a name from a zipper that writes CP437 without the UTF-8
            // flag (APPNOTE appendix D) cannot fail the import; names only ever appear in messages.
            super(in, StandardCharsets.ISO_8859_1);
        }

        @Override
        protected ZipEntry createZipEntry(String name) {
            lastName = name;
            return super.createZipEntry(name);
        }
    }
}
