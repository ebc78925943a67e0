package io.a2ebatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.kie.AlephFake;
import io.a2ebatch.simulator.A2eSimulator;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kie.ai's Runway Aleph as a second provider, end to end through the command line: A2E rows against
 * the in-process A2E simulator and Aleph rows against {@link AlephFake} (the simulator does not serve
 * Aleph yet), each provider with its own base URL and token.
 */
class AlephRunTest {

    private static final String KIE_TOKEN = "kie_test_0123456789abcdefSECRET";
    private static final String HEADER = "key,type,prompt,aspect_ratio,videoUrl,aspectRatio\n";

    @TempDir
    Path dir;

    private RunnerHarness runner;
    private Path kieToken;

    @BeforeEach
    void setUp() throws Exception {
        runner = new RunnerHarness(dir);
        kieToken = dir.resolve("kie-token");
        Files.writeString(kieToken, KIE_TOKEN + "\n");
    }

    private RunnerHarness.Result run(Path manifest, A2eSimulator sim, AlephFake kie, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--kie-base-url", kie.baseUrl().toString(),
                "--kie-token-file", kieToken.toString(), "--kie-rate-limit", "100"));
        args.addAll(List.of(extra));
        return runner.run(manifest, sim, args.toArray(String[]::new));
    }

    private Map<String, CSVRecord> resultsByKey() throws Exception {
        return runner.results(runner.results()).stream().collect(Collectors.toMap(r -> r.get("key"), r -> r));
    }

    @Test
    void aMixedManifestSendsEachProvidersRowsToItsOwnApiWithItsOwnTokenAndASignedCallbackUrlPerRow()
            throws Exception {
        Path manifest = runner.file("mixed.csv", HEADER
                + "a2e-1,userText2Image,A ceramic cup on marble,1:1,,\n"
                + "kie-1,aleph,Turn it into a watercolour,,https://example.com/in-1.mp4,16:9\n"
                + "a2e-2,t2i,A lighthouse at dusk,1:1,,\n"
                + "kie-2,kie.aleph,Make it snow,,https://example.com/in-2.mp4,\n"
                + "kie-3,runway-aleph,Add fog,,https://example.com/unreachable.mp4,\n"
                + "kie-4,aleph,please fail,,https://example.com/in-4.mp4,\n");
        try (A2eSimulator sim = RunnerHarness.simulator().start();
             AlephFake kie = new AlephFake(KIE_TOKEN, Duration.ofMillis(300))) {
            RunnerHarness.Result result = run(manifest, sim, kie, "--callback-listen", "127.0.0.1:0");

            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.ROWS_FAILED);
            Map<String, CSVRecord> rows = resultsByKey();
            for (String key : List.of("a2e-1", "a2e-2")) {
                assertThat(rows.get(key).get("status")).isEqualTo("completed");
                assertThat(rows.get(key).get("result_url")).startsWith(sim.baseUrl().toString());
            }
            for (String key : List.of("kie-1", "kie-2")) {
                CSVRecord row = rows.get(key);
                assertThat(row.get("status")).as(key).isEqualTo("completed");
                assertThat(kie.tasks()).containsKey(row.get("task_id"));
                assertThat(row.get("result_url")).isEqualTo("https://files.example/" + row.get("task_id") + ".mp4");
            }
            assertThat(rows.get("kie-3").get("status")).isEqualTo("failed");
            assertThat(rows.get("kie-3").get("error")).isEqualTo("451: Failed to fetch the video");
            assertThat(rows.get("kie-4").get("status")).isEqualTo("failed");
            assertThat(rows.get("kie-4").get("error")).isEqualTo("moderated (code 400)");
            assertThat(kie.tasks()).hasSize(3);
            assertThat(sim.stats().tasksCreated()).isEqualTo(2);
            assertThat(kie.authorizations()).hasSize(4).containsOnly("Bearer " + KIE_TOKEN);
            assertThat(kie.tasks().values()).extracting(t -> t.request().path("callBackUrl").asString())
                    .allSatisfy(url -> assertThat(url).startsWith("http://127.0.0.1:").contains("/callback?run=")
                            .contains("&sig="))
                    .anySatisfy(url -> assertThat(url).contains("key=kie-1"))
                    .anySatisfy(url -> assertThat(url).contains("key=kie-2"));
            assertThat(kie.callbackStatuses()).as("no callback refused").doesNotContain(400, 403, 404);
            assertThat(result.all()).doesNotContain(KIE_TOKEN).doesNotContain(RunnerHarness.TOKEN);
        }
    }

    @Test
    void aStartInDoubtWithoutCallbacksStaysInDoubtAndIsResentOnlyWithResendInDoubt() throws Exception {
        Path manifest = runner.file("doubt.csv", HEADER
                + "kie-1,aleph,Make it snow,,https://example.com/in-1.mp4,\n");
        try (A2eSimulator sim = RunnerHarness.simulator().start();
             AlephFake kie = new AlephFake(KIE_TOKEN, Duration.ofMillis(200))) {
            kie.answerNextStarts(500);

            RunnerHarness.Result first = run(manifest, sim, kie);
            assertThat(first.code()).as(first.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            assertThat(first.all()).contains("1 not finished (0 in flight at A2E, 1 in doubt)")
                    .contains("never sent again silently; --resend-in-doubt sends them again");
            assertThat(resultsByKey()).doesNotContainKey("kie-1");
            assertThat(kie.tasks()).hasSize(1);

            RunnerHarness.Result again = run(manifest, sim, kie);
            assertThat(again.code()).as(again.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
            assertThat(kie.tasks()).as("never resent silently").hasSize(1);

            RunnerHarness.Result resent = run(manifest, sim, kie, "--resend-in-doubt");
            assertThat(resent.code()).as(resent.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(kie.tasks()).as("the user chose a second task").hasSize(2);
            assertThat(resultsByKey().get("kie-1").get("status")).isEqualTo("completed");
        }
    }

    @Test
    void aStartInDoubtIsSettledByItsCallbackWithoutASecondTask() throws Exception {
        // One at a time (--kie-max-in-flight 1): kie-1's start is the one answered 500. The slow row keeps
        // the run going while kie-1's duplicate callback arrives. The payloads name their task in
        // data.task_id, as the callbacks page's sample code reads it (the other tests' payloads use the
        // schema's top-level taskId).
        Path manifest = runner.file("callback.csv", HEADER
                + "kie-1,aleph,Make it snow,,https://example.com/in-1.mp4,\n"
                + "kie-2,aleph,Add fog " + AlephFake.SLOW + ",,https://example.com/in-2.mp4,\n");
        try (A2eSimulator sim = RunnerHarness.simulator().start();
             AlephFake kie = new AlephFake(KIE_TOKEN, Duration.ofMillis(300))) {
            kie.answerNextStarts(500);
            kie.payloadShape(AlephFake.PayloadShape.DATA_TASK_ID);
            kie.duplicateCallbacks();
            kie.sendForgeries();

            RunnerHarness.Result result = run(manifest, sim, kie, "--callback-listen", "127.0.0.1:0",
                    "--kie-max-in-flight", "1");

            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(kie.tasksWith("prompt", "Make it snow")).isOne();
            CSVRecord row = resultsByKey().get("kie-1");
            assertThat(row.get("status")).isEqualTo("completed");
            assertThat(kie.tasks().get(row.get("task_id")).request().path("prompt").asString())
                    .isEqualTo("Make it snow");
            assertThat(kie.callbackStatuses().subList(0, 6)).as("forged signature 403, other run 404, unknown task"
                    + " 403, another URL's task 403, genuine and duplicate 200").containsExactly(403, 404, 403, 403, 200, 200);
            assertThat(result.out()).as("refusals are counted").containsPattern("callbacks: \\d+ accepted \\(\\d+"
                    + " duplicates or about rows already final\\), 4 refused \\(forged, stray or unreadable\\)");
        }
    }

    @Test
    void aCallbackSettlingTheLastRowInDoubtWhileItReadsTheNamedTaskEndsTheRunCompleted() throws Exception {
        // The only row's start is answered 500: nothing else keeps the run going while its callback is
        // checked, and that check reads the task slowly. The run used to end meanwhile, the row in doubt.
        Path manifest = runner.file("last.csv", HEADER + "kie-1,aleph,Make it rain,,https://example.com/in-1.mp4,\n");
        try (A2eSimulator sim = RunnerHarness.simulator().start();
             AlephFake kie = new AlephFake(KIE_TOKEN, Duration.ofMillis(300))) {
            kie.answerNextStarts(500);
            kie.slowRecordInfo(Duration.ofSeconds(1));

            RunnerHarness.Result result = run(manifest, sim, kie, "--callback-listen", "127.0.0.1:0");

            assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
            assertThat(kie.tasksWith("prompt", "Make it rain")).isOne();
            assertThat(resultsByKey().get("kie-1").get("status")).isEqualTo("completed");
            assertThat(result.out()).contains("in doubt: 1 start request(s) without a recorded answer")
                    .contains("callbacks: 1 accepted");
        }
    }

    @Test
    void alephRowsAreValidatedAgainstTheVendoredDocument() throws Exception {
        Path manifest = runner.file("invalid.csv", "key,type,prompt,videoUrl,aspectRatio,seed\n"
                + "k1,aleph,no video,,,\n"
                + "k2,aleph,bad ratio,https://example.com/a.mp4,2:1,\n"
                + "k3,kie.aleph,bad seed,https://example.com/a.mp4,,seven\n"
                + "k4,aleph,relative,in.mp4,,\n"
                + "k5,aleph,fine,https://example.com/a.mp4,9:16,42\n");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ExitCode code = io.a2ebatch.cli.Main.execute(List.of("validate", manifest.toString()),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);

        assertThat(code).as(text).isEqualTo(ExitCode.ROWS_FAILED);
        assertThat(text).contains("videoUrl").contains("aspectRatio").contains("2:1").contains("seed")
                .contains("in.mp4").doesNotContain("k5");
    }
}
