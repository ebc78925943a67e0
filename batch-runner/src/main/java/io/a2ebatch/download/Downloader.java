package io.a2ebatch.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.a2ebatch.client.DeferredTrust;
import io.a2ebatch.throttle.Backoff;

/**
 * Fetches one result file into the download directory: streamed to {@code NAME.part}, the SHA-256
 * computed on the way, and renamed to {@code NAME} only once the length matches
 * {@code Content-Length} (or {@code Content-Range}'s total). A cut connection or an earlier crash
 * resumes with {@code Range: bytes=N-}; the answer must be {@code 206} with a {@code Content-Range}
 * starting at N, otherwise the part is dropped and the file fetched from the start. 5xx, 429,
 * time-outs and failed connections are retried with backoff and jitter; a {@code 403}, {@code 404}
 * or {@code 410} (an expired URL) asks for a fresh URL, and the file fails when the fresh URL is
 * refused at once too (or after {@value #MAX_LOOKUPS} look-ups).
 *
 * <p>No request carries an {@code Authorization} header or any other credential: result hosts are
 * not the API and never see the token.
 */
public final class Downloader {

    /** Suffix of a file being downloaded. */
    public static final String PART = ".part";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d+)");
    private static final int BUFFER = 64 * 1024;
    /** Fresh look-ups per file: URLs that keep expiring before the file is complete must end somewhere. */
    private static final int MAX_LOOKUPS = 10;

    private final HttpClient http;
    private final Path dir;
    private final FileNamer namer;
    private final ByteRate rate;
    private final Backoff backoff;
    private final Duration headerTimeout;
    private final RandomGenerator random;
    private final AtomicLong bytesFetched;

    /**
     * @param bytesFetched grows by every body byte received, for throughput and totals
     */
    public Downloader(HttpClient http, Path dir, FileNamer namer, ByteRate rate, Backoff backoff,
                      Duration headerTimeout, RandomGenerator random, AtomicLong bytesFetched) {
        this.http = http;
        this.dir = dir;
        this.namer = namer;
        this.rate = rate;
        this.backoff = backoff;
        this.headerTimeout = headerTimeout;
        this.random = random;
        this.bytesFetched = bytesFetched;
    }

    /**
     * The HTTP client for result hosts: its own connection pool, redirects followed, no credentials, the
     * trust store read at the first TLS handshake ({@link DeferredTrust}).
     */
    public static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().sslContext(DeferredTrust.context()).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Makes sure the directory exists and can be written, before any download starts. */
    public void checkDirectory() throws DiskProblemException {
        Path probe = dir.resolve(".a2e-batch-write-test-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(dir);
            Files.write(probe, new byte[1]);
            Files.delete(probe);
        } catch (IOException e) {
            throw new DiskProblemException(dir.toAbsolutePath(), e);
        }
    }

    /** Whether {@code file} is in the directory with {@code bytes} bytes. */
    public boolean isOnDisk(String file, long bytes) {
        try {
            return file != null && Files.size(dir.resolve(file)) == bytes;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where a file being downloaded is kept until it is complete. */
    public Path partOf(String file) {
        return dir.resolve(file + PART);
    }

    /**
     * Downloads one file.
     *
     * @param started told the file name as soon as it is known, before any byte is written (the
     *                ledger records it, so a restart finds the {@code .part})
     * @param freshUrl a new URL for the task, asked for once when the URL is refused as expired
     * @throws DownloadFailedException the file cannot be had; the message says why
     * @throws DiskProblemException    the directory cannot be written; every download should stop
     */
    public DownloadedFile download(DownloadJob job, NameListener started, UrlSource freshUrl)
            throws DownloadFailedException, DiskProblemException, InterruptedException {
        String url = job.url();
        String file = job.file();
        if (file != null && Files.isRegularFile(dir.resolve(file)) && !Files.exists(partOf(file))) {
            // Renamed after its check, then the process died before the ledger heard of it.
            Path done = dir.resolve(file);
            return new DownloadedFile(file, size(done), hash(done, Long.MAX_VALUE), 0);
        }
        boolean refreshed = false;
        int lookups = 0;
        long fetched = 0;
        int attempt = 0;
        String lastProblem = "";
        while (true) {
            attempt++;
            Path part = file == null ? null : partOf(file);
            long have = part == null ? 0 : sizeIfExists(part);
            HttpRequest.Builder request;
            try {
                request = HttpRequest.newBuilder(URI.create(url)).timeout(headerTimeout).GET();
            } catch (IllegalArgumentException e) {
                throw new DownloadFailedException("the result URL is not a valid URL: " + url);
            }
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                lastProblem = describe(e);
                waitOrFail(attempt, Optional.empty(), lastProblem, url);
                continue;
            }
            int status = response.statusCode();
            try (InputStream body = response.body()) {
                boolean refused = status == 403 || status == 404 || status == 410;
                if (!refused) {
                    refreshed = false; // this URL was not refused: should it expire later, another look-up may follow
                }
                if (status == 200 || status == 206) {
                    long start = 0;
                    OptionalLong total = response.headers().firstValueAsLong("Content-Length");
                    if (status == 206) {
                        String contentRange = response.headers().firstValue("Content-Range").orElse("");
                        Matcher range = CONTENT_RANGE.matcher(contentRange);
                        if (!range.matches() || Long.parseLong(range.group(1)) != have) {
                            // Not the range asked for: start again from nothing.
                            deleteIfExists(part);
                            lastProblem = "206 with Content-Range '" + contentRange + "' for bytes=" + have + "-";
                            waitOrFail(attempt, Optional.empty(), lastProblem, url);
                            continue;
                        }
                        start = have;
                        total = range.group(3).equals("*") ? OptionalLong.empty()
                                : OptionalLong.of(Long.parseLong(range.group(3)));
                    }
                    if (file == null) {
                        file = namer.name(job.key(), job.type(), job.taskId(),
                                FileNamer.extension(response.headers().firstValue("Content-Type").orElse(null), url));
                        started.named(file);
                        part = partOf(file);
                    }
                    Transfer t = receive(body, part, start, total);
                    fetched += t.received;
                    if (t.complete) {
                        Path target = dir.resolve(file);
                        move(part, target);
                        return new DownloadedFile(file, t.length, t.sha256, fetched);
                    }
                    lastProblem = t.problem;
                    if (t.received > 0) {
                        attempt = 0; // progress was made: a cut connection is not a failing host
                    }
                    waitOrFail(Math.max(1, attempt), Optional.empty(), lastProblem, url);
                } else if (status == 416 && part != null) {
                    Matcher m = UNSATISFIED_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                    if (m.matches() && Long.parseLong(m.group(1)) == have) {
                        Path target = dir.resolve(file);
                        String sha = hash(part, have);
                        move(part, target);
                        return new DownloadedFile(file, have, sha, fetched);
                    }
                    deleteIfExists(part);
                    lastProblem = "416 for bytes=" + have + "- of a file that is not that long";
                    waitOrFail(attempt, Optional.empty(), lastProblem, url);
                } else if (refused) {
                    if (refreshed || lookups == MAX_LOOKUPS) {
                        throw new DownloadFailedException("the result URL answered " + status
                                + (refreshed ? " even after a fresh look-up of the task"
                                : " again after " + lookups + " fresh look-ups of the task") + " (" + url + ")");
                    }
                    refreshed = true;
                    lookups++;
                    url = freshUrl.fresh(job);
                    attempt = 0;
                } else if (status == 408 || status == 429 || status >= 500) {
                    lastProblem = "HTTP " + status;
                    waitOrFail(attempt, retryAfter(response), lastProblem, url);
                } else {
                    throw new DownloadFailedException("the result host answered HTTP " + status + " (" + url + ")");
                }
            } catch (IOException e) {
                // Closing a body that was cut can fail; the next attempt resumes anyway.
                lastProblem = describe(e);
                waitOrFail(attempt, Optional.empty(), lastProblem, url);
            }
        }
    }

    private void waitOrFail(int attempt, Optional<Duration> retryAfter, String problem, String url)
            throws DownloadFailedException, InterruptedException {
        if (!backoff.allowsAnotherAfter(attempt)) {
            throw new DownloadFailedException("gave up after " + attempt + " attempts: " + problem + " (" + url + ")");
        }
        Thread.sleep(backoff.delay(attempt, retryAfter, random).toMillis());
    }

    /** Streams a body into the part file from {@code start}; network trouble ends it incomplete, disk trouble throws. */
    private Transfer receive(InputStream body, Path part, long start, OptionalLong total)
            throws DiskProblemException, InterruptedException {
        MessageDigest digest = sha256();
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (start > 0) {
                digestPrefix(part, start, digest);
            }
            out.truncate(start);
            out.position(start);
            byte[] buffer = new byte[BUFFER];
            long received = 0;
            String problem = null;
            while (true) {
                int n;
                try {
                    n = body.read(buffer);
                } catch (IOException e) {
                    problem = "connection cut after " + (start + received) + " bytes (" + describe(e) + ")";
                    break;
                }
                if (n < 0) {
                    break;
                }
                rate.acquire(n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                digest.update(buffer, 0, n);
                received += n;
                bytesFetched.addAndGet(n);
            }
            long length = start + received;
            if (problem == null && total.isPresent() && length != total.getAsLong()) {
                problem = "the body ended after " + length + " of " + total.getAsLong() + " bytes";
            }
            if (problem != null) {
                out.force(false);
                return new Transfer(false, received, length, null, problem);
            }
            out.force(true);
            return new Transfer(true, received, length, HexFormat.of().formatHex(digest.digest()), null);
        } catch (ClosedByInterruptException e) {
            throw new InterruptedException("stopped while writing " + part);
        } catch (IOException e) {
            throw new DiskProblemException(part.toAbsolutePath(), e);
        }
    }

    private record Transfer(boolean complete, long received, long length, String sha256, String problem) {
    }

    private static void digestPrefix(Path part, long length, MessageDigest digest) throws IOException {
        try (InputStream in = Files.newInputStream(part)) {
            byte[] buffer = new byte[BUFFER];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(part + " is shorter than " + length + " bytes");
                }
                digest.update(buffer, 0, n);
                left -= n;
            }
        }
    }

    private static String hash(Path file, long length) throws DiskProblemException {
        MessageDigest digest = sha256();
        try {
            digestPrefix(file, Math.min(length, Files.size(file)), digest);
        } catch (IOException e) {
            throw new DiskProblemException(file.toAbsolutePath(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void move(Path part, Path target) throws DiskProblemException {
        try {
            try {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DiskProblemException(target.toAbsolutePath(), e);
        }
    }

    private static long sizeIfExists(Path file) throws DiskProblemException {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new DiskProblemException(file.toAbsolutePath(), e);
        }
    }

    private static long size(Path file) throws DiskProblemException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DiskProblemException(file.toAbsolutePath(), e);
        }
    }

    private static void deleteIfExists(Path file) throws DiskProblemException {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new DiskProblemException(file.toAbsolutePath(), e);
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static String describe(IOException e) {
        String kind = e instanceof HttpTimeoutException ? "timed out" : e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    /** Hears the file name a download chose. */
    @FunctionalInterface
    public interface NameListener {
        void named(String file) throws InterruptedException;
    }

    /** Looks a task up again for a URL that has not expired. */
    @FunctionalInterface
    public interface UrlSource {
        /** @throws DownloadFailedException when no fresh URL can be had */
        String fresh(DownloadJob job) throws DownloadFailedException, InterruptedException;
    }
}
