package io.listgate.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * A closed-loop HTTP/1.1 load generator in the manner of wrk: each of {@code connections} threads
 * owns one keep-alive socket and sends its request again as soon as the whole answer is read. It
 * does no more per request than write bytes and read a status line, headers and a Content-Length
 * body, so on a small machine the server, not the client, is what is measured (java.net.http's
 * client spends several times the CPU per request of what is measured here).
 */
final class KeepAliveLoad {

    /** What a run measured. */
    record Result(String name, long requests, long failures, double seconds, long p50Nanos, long p99Nanos,
                  String firstFailure) {

        double perSecond() {
            return requests / seconds;
        }

        String line() {
            return String.format(Locale.ROOT, "%-52s %,10.0f req/s  p50 %6.2f ms  p99 %7.2f ms  failures %d%s",
                    name, perSecond(), p50Nanos / 1e6, p99Nanos / 1e6, failures,
                    firstFailure == null ? "" : " (first: " + firstFailure + ")");
        }
    }

    private KeepAliveLoad() {
    }

    /**
     * Runs {@code connections} loops against 127.0.0.1:{@code port} for {@code warmupSeconds}, then
     * measures for {@code seconds}. {@code request} gives each connection's raw request bytes;
     * an answer counts as a success when its status is 200 and its body contains {@code expected}.
     */
    static Result run(String name, int port, int connections, IntFunction<byte[]> request, String expected,
                      double warmupSeconds, double seconds) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        try {
            List<Future<Loop>> loops = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Loop loop = new Loop(port, request.apply(i), expected.getBytes(StandardCharsets.UTF_8), measuring, stop);
                loops.add(threads.submit(loop::call));
            }
            Thread.sleep((long) (warmupSeconds * 1000));
            measuring.set(true);
            long begin = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            measuring.set(false);
            double elapsed = (System.nanoTime() - begin) / 1e9;
            stop.set(true);
            long requests = 0;
            long failures = 0;
            String firstFailure = null;
            long[] all = new long[0];
            for (Future<Loop> future : loops) {
                Loop loop = future.get();
                requests += loop.count;
                failures += loop.failures;
                if (firstFailure == null) {
                    firstFailure = loop.firstFailure;
                }
                int from = all.length;
                all = Arrays.copyOf(all, from + loop.count);
                System.arraycopy(loop.latencies, 0, all, from, loop.count);
            }
            Arrays.sort(all);
            return new Result(name, requests, failures, elapsed, percentile(all, 0.50), percentile(all, 0.99), firstFailure);
        } finally {
            threads.shutdownNow();
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))];
    }

    /** One connection's loop; its counts are read after the thread has ended. */
    private static final class Loop {
        private final int port;
        private final byte[] request;
        private final byte[] expected;
        private final AtomicBoolean measuring;
        private final AtomicBoolean stop;
        long[] latencies = new long[1 << 14];
        int count;
        long failures;
        String firstFailure;

        Loop(int port, byte[] request, byte[] expected, AtomicBoolean measuring, AtomicBoolean stop) {
            this.port = port;
            this.request = request;
            this.expected = expected;
            this.measuring = measuring;
            this.stop = stop;
        }

        Loop call() throws IOException {
            Socket socket = null;
            InputStream in = null;
            try {
                while (!stop.get()) {
                    if (socket == null) {
                        socket = new Socket("127.0.0.1", port);
                        socket.setTcpNoDelay(true);
                        in = new BufferedInputStream(socket.getInputStream(), 8192);
                    }
                    long start = System.nanoTime();
                    String failure;
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write(request);
                        out.flush();
                        failure = readAnswer(in);
                    } catch (IOException e) {
                        failure = e.toString();
                        socket.close();
                        socket = null;
                    }
                    long took = System.nanoTime() - start;
                    if (measuring.get()) {
                        if (failure == null) {
                            record(took);
                        } else {
                            failures++;
                            if (firstFailure == null) {
                                firstFailure = failure;
                            }
                        }
                    }
                }
            } finally {
                if (socket != null) {
                    socket.close();
                }
            }
            return this;
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }

        /** Reads one answer whole; null when it is a 200 whose body holds the expected text. */
        private String readAnswer(InputStream in) throws IOException {
            String head = readHead(in);
            int status = Integer.parseInt(head.substring(9, 12));
            int length = -1;
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            if (length < 0) {
                throw new IOException("answer without Content-Length: " + head);
            }
            byte[] body = in.readNBytes(length);
            if (status != 200) {
                return "HTTP " + status;
            }
            return indexOf(body, expected) >= 0 ? null : "unexpected body: " + new String(body, StandardCharsets.UTF_8);
        }

        /** The status line and headers, up to the blank line. */
        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder(256);
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed by the server");
                }
                head.append((char) b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1 : 0;
            }
            return head.toString();
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
