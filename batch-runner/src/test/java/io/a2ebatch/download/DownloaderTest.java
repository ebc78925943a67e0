package io.a2ebatch.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.a2ebatch.throttle.Backoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against small hand-written result hosts that misbehave in one way each. */
class DownloaderTest {

    private static final byte[] CONTENT = new byte[50_000];

    static {
        new Random(3).nextBytes(CONTENT);
    }

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            ranges.add(String.valueOf(exchange.getRequestHeaders().getFirst("Range")));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            try (exchange) {
                handler.handle(exchange, n);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/t1.mp4";
    }

    private Downloader downloader() {
        return new Downloader(Downloader.httpClient(Duration.ofSeconds(5)), dir, new FileNamer("{key}.{ext}"),
                new ByteRate(0), new Backoff(Duration.ofMillis(5), 2.0, Duration.ofMillis(20), 4),
                Duration.ofSeconds(10), new Random(1), new AtomicLong());
    }

    private static void send(HttpExchange exchange, int status, byte[] body, int from, int length) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "video/mp4");
        exchange.sendResponseHeaders(status, length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body, from, length);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void startsAgainFromTheFirstByteWhenTheServerIgnoresTheRange() throws Exception {
        String url = serve((exchange, n) -> send(exchange, 200, CONTENT, 0, CONTENT.length));
        Files.write(dir.resolve("k.mp4.part"), new byte[] {9, 9, 9}); // a prefix that is not the file's

        DownloadedFile file = downloader().download(new DownloadJob("k", "t", "t1", url, "k.mp4"), name -> { },
                job -> url);

        assertThat(ranges).containsExactly("bytes=3-");
        assertThat(Files.readAllBytes(dir.resolve("k.mp4"))).isEqualTo(CONTENT);
        assertThat(file.sha256()).isEqualTo(sha256(CONTENT));
        assertThat(dir.resolve("k.mp4.part")).doesNotExist();
    }

    @Test
    void resumesFromThePartFileWhenTheServerHonoursTheRange() throws Exception {
        String url = serve((exchange, n) -> {
            exchange.getResponseHeaders().set("Content-Range", "bytes 20000-49999/50000");
            send(exchange, 206, CONTENT, 20_000, 30_000);
        });
        Files.write(dir.resolve("k.mp4.part"), Arrays.copyOf(CONTENT, 20_000));

        DownloadedFile file = downloader().download(new DownloadJob("k", "t", "t1", url, "k.mp4"), name -> { },
                job -> url);

        assertThat(file.fetched()).isEqualTo(30_000);
        assertThat(file.sha256()).isEqualTo(sha256(CONTENT));
        assertThat(Files.readAllBytes(dir.resolve("k.mp4"))).isEqualTo(CONTENT);
    }

    @Test
    void retries5xxAndShortBodiesAndNeverSendsAnAuthorizationHeader() throws Exception {
        String url = serve((exchange, n) -> {
            if (n == 1) {
                exchange.getResponseHeaders().set("Retry-After", "0");
                send(exchange, 503, new byte[0], 0, 0);
            } else {
                send(exchange, 200, CONTENT, 0, CONTENT.length);
            }
        });

        List<String> named = new ArrayList<>();
        DownloadedFile file = downloader().download(new DownloadJob("k", "t", "t1", url, null), named::add, job -> url);

        assertThat(named).containsExactly("k.mp4");
        assertThat(file.bytes()).isEqualTo(CONTENT.length);
        assertThat(requests).hasValue(2);
        assertThat(authorizations).containsOnly("null");
    }

    @Test
    void asksForAFreshUrlOnceAndFailsWhenThatOneIsRefusedToo() throws Exception {
        String url = serve((exchange, n) -> send(exchange, 403, new byte[0], 0, 0));
        AtomicInteger lookups = new AtomicInteger();

        assertThatThrownBy(() -> downloader().download(new DownloadJob("k", "t", "t1", url, null), name -> { },
                job -> {
                    lookups.incrementAndGet();
                    return url + "?fresh";
                }))
                .isInstanceOf(DownloadFailedException.class).hasMessageContaining("403 even after a fresh look-up");
        assertThat(lookups).hasValue(1);
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void reportsAnUnwritableDirectoryAsADiskProblem() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Downloader downloader = new Downloader(Downloader.httpClient(Duration.ofSeconds(1)), file.resolve("sub"),
                new FileNamer("{key}.{ext}"), new ByteRate(0), new Backoff(Duration.ofMillis(5), 2.0,
                Duration.ofMillis(20), 2), Duration.ofSeconds(1), new Random(1), new AtomicLong());

        assertThatThrownBy(downloader::checkDirectory).isInstanceOf(DiskProblemException.class)
                .hasMessageContaining("Cannot write").hasMessageContaining("run the same command again");
    }

    @Test
    void aFailedWriteStopsWithADiskProblemAndLeavesNothingUnderTheFinalName() throws Exception {
        String url = serve((exchange, n) -> send(exchange, 200, CONTENT, 0, CONTENT.length));
        Files.createDirectory(dir.resolve("k.mp4.part")); // where the bytes would go cannot be written

        assertThatThrownBy(() -> downloader().download(new DownloadJob("k", "t", "t1", url, "k.mp4"), name -> { },
                job -> url)).isInstanceOf(DiskProblemException.class).hasMessageContaining("k.mp4.part");
        assertThat(dir.resolve("k.mp4")).doesNotExist();
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange, int request) throws IOException;
    }
}
