package io.a2ebatch.simulator.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.FileHostConfig;
import io.a2ebatch.simulator.FileHostStats;
import io.a2ebatch.simulator.LoggedRequest;
import io.a2ebatch.simulator.ResultContent;
import io.a2ebatch.simulator.SimulatorOperation;
import io.a2ebatch.simulator.cli.SimulatorOptions;
import io.a2ebatch.simulator.testing.ApiClient;
import io.a2ebatch.simulator.testing.MutableClock;
import io.a2ebatch.simulator.testing.SampleBodies;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResultFileHostTest {

    private static final String TOKEN = "sk_test_files_0001";
    private static final TaskFamily I2V = FamilyCatalog.bundled().require("userImage2Video");
    private static final int SIZE = 100_000;

    private final MutableClock clock = MutableClock.atDocExample();
    private final HttpClient http = HttpClient.newHttpClient();
    private A2eSimulator sim;
    private ApiClient api;

    private String completedTaskUrl(FileHostConfig files) {
        sim = A2eSimulator.builder().tokens(TOKEN).clock(clock).seed(7).dispatchStep(Duration.ofSeconds(1))
                .taskDuration(Duration.ofSeconds(1)).fileHost(files).start();
        api = new ApiClient(sim.baseUrl(), TOKEN);
        String id = api.start(I2V, SampleBodies.validJson(I2V, "row-1")).data().get("_id").asString();
        clock.advance(Duration.ofSeconds(10));
        return api.detail(I2V, id).data().get("result_url").asString();
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private HttpResponse<byte[]> get(String url, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (range != null) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String taskId(String url) {
        String path = URI.create(url).getPath();
        return path.substring(path.lastIndexOf('/') + 1, path.lastIndexOf('.'));
    }

    @Test
    void servesAFileOfTheConfiguredSizeOnItsOwnHostWithContentOnlyTheTaskIdDetermines() throws Exception {
        String url = completedTaskUrl(FileHostConfig.DEFAULT.withSize(SIZE));

        assertThat(url).startsWith(sim.fileHostUrl().orElseThrow() + ResultFileHost.PREFIX)
                .doesNotStartWith(sim.baseUrl().toString());
        HttpResponse<byte[]> whole = get(url, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(whole.body()).hasSize(SIZE);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole.body())))
                .isEqualTo(ResultContent.sha256(taskId(url), SIZE));
        assertThat(settledFiles().bytesServed()).isEqualTo(SIZE);
    }

    /**
     * The file host's counters once no response is being written: the client can hold the last byte
     * before the server has counted it.
     */
    private FileHostStats settledFiles() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sim.stats().files().inProgress() > 0) {
            assertThat(System.nanoTime()).as("waiting for the file host to finish its responses").isLessThan(deadline);
            Thread.sleep(10);
        }
        return sim.stats().files();
    }

    @Test
    void answersARangeWith206AndContentRangeAndAnUnsatisfiableOneWith416() throws Exception {
        String url = completedTaskUrl(FileHostConfig.DEFAULT.withSize(SIZE));
        byte[] whole = get(url, null).body();

        HttpResponse<byte[]> tail = get(url, "bytes=99990-");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes 99990-99999/" + SIZE);
        assertThat(tail.body()).containsExactly(Arrays.copyOfRange(whole, 99_990, SIZE));
        HttpResponse<byte[]> beyond = get(url, "bytes=" + SIZE + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + SIZE);
        assertThat(sim.stats().files().rangeRequests()).isEqualTo(2);
    }

    @Test
    void cutsTheConnectionPartWayThroughTheBody() throws Exception {
        String url = completedTaskUrl(FileHostConfig.DEFAULT.withSize(SIZE).withCutRate(1.0));

        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
        assertThatThrownBy(() -> {
            try (InputStream in = response.body()) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class);
        FileHostStats stats = settledFiles();
        assertThat(stats.cuts()).isEqualTo(1);
        assertThat(stats.bytesServed()).isBetween(1L, SIZE - 1L);
    }

    @Test
    void refusesAnExpiredUrlWith403AndAnUnissuedOneWith404UntilTheRecordIsReadAgain() throws Exception {
        String url = completedTaskUrl(FileHostConfig.DEFAULT.withSize(SIZE).withExpiry(Duration.ofSeconds(5), 1.0));
        assertThat(get(url, null).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(6));
        assertThat(get(url, null).statusCode()).isEqualTo(403);
        assertThat(get(url.replaceAll("expires=\\d+", "expires=" + Long.MAX_VALUE), null).statusCode()).isEqualTo(404);
        assertThat(get(url.substring(0, url.indexOf('?')), null).statusCode()).isEqualTo(404);
        String id = taskId(url);
        String fresh = api.detail(I2V, id).data().get("result_url").asString();
        assertThat(get(fresh, null).statusCode()).isEqualTo(200);
        assertThat(sim.stats().files().expired()).isEqualTo(1);
    }

    @Test
    void givesAboutTheConfiguredShareOfTasksMadeInTheSameSecondAnExpiringUrl() {
        completedTaskUrl(FileHostConfig.DEFAULT.withSize(SIZE).withExpiry(Duration.ofSeconds(5), 0.5));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(api.start(I2V, SampleBodies.validJson(I2V, "row-" + i)).data().get("_id").asString());
        }
        clock.advance(Duration.ofSeconds(10));

        // Ids made in the same second differ in their last characters only (a counter).
        assertThat(ids).extracting(id -> id.substring(0, 18)).containsOnly(ids.get(0).substring(0, 18));
        long expiring = ids.stream().map(id -> api.detail(I2V, id).data().get("result_url").asString())
                .filter(url -> url.contains("expires=")).count();
        assertThat(expiring).isBetween(30L, 70L);
    }

    @Test
    void answersInjected503sWithRetryAfter() throws Exception {
        String url = completedTaskUrl(FileHostConfig.DEFAULT.withSize(SIZE).withErrorRate(1.0));

        HttpResponse<byte[]> response = get(url, null);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(sim.stats().files().errorsInjected()).isEqualTo(1);
    }

    @Test
    void logsTheMaskOfAnAuthorizationHeaderSentToTheFileHost() throws Exception {
        String url = completedTaskUrl(FileHostConfig.DEFAULT.withSize(10));
        get(url, null);
        settledFiles();
        http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        settledFiles();

        assertThat(sim.requestLog()).filteredOn(r -> r.operation() == SimulatorOperation.RESULT_FILE)
                .extracting(LoggedRequest::account).hasSize(2).containsExactly(null, "Bearer sk_test_…0001");
        assertThat(sim.stats().files().withAuthorization()).isEqualTo(1);
        assertThat(io.a2ebatch.simulator.internal.admin.StatsJson.toJson(sim.stats())).contains("\"with_authorization\" : 1");
    }

    @Test
    void anyResultOptionOnTheCommandLineTurnsTheFileHostOn() {
        assertThat(SimulatorOptions.parse(new String[] {"--port", "0"}, Map.of()).fileHost()).isEmpty();
        FileHostConfig files = SimulatorOptions.parse(new String[] {"--result-size", "5MB", "--result-cut-rate", "0.2",
                "--result-bandwidth", "1MB/s", "--result-url-ttl", "3s", "--result-expiry-rate", "0.5"}, Map.of())
                .fileHost().orElseThrow();
        assertThat(files).isEqualTo(new FileHostConfig(5L << 20, 0.2, 0, 1L << 20, Duration.ofSeconds(3), 0.5));
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--result-cut-rate", "2"}, Map.of()))
                .hasMessageContaining("--result-cut-rate").hasMessageContaining("share of 0..1");
    }

    @Test
    void parsesSizesAndRates() {
        assertThat(FileHostConfig.parseSize("5MB")).isEqualTo(5L << 20);
        assertThat(FileHostConfig.parseSize("200 KB")).isEqualTo(200L << 10);
        assertThat(FileHostConfig.parseSize("1000")).isEqualTo(1000);
        assertThat(FileHostConfig.parseRate("2MB/s")).isEqualTo(2L << 20);
        assertThatThrownBy(() -> FileHostConfig.parseSize("five")).hasMessageContaining("'five' is not a size");
    }
}
