package io.a2ebatch.contract.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.target.ContractExtension;
import io.a2ebatch.contract.target.RunnerDriver;
import io.a2ebatch.contract.target.Samples;
import io.a2ebatch.contract.target.Scenario;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.simulator.LoggedRequest;
import io.a2ebatch.simulator.TokenMask;
import io.a2ebatch.spec.family.FamilyCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Every call the runner makes carries {@code Authorization: Bearer <the configured token>}, and the
 * token shows up nowhere a person or a log collector could read it: not in what the runner prints
 * or logs, not in the results or rejects, not in its state directory.
 */
@ExtendWith({ContractExtension.class, OutputCaptureExtension.class})
class AuthenticationContractTest {

    @Test
    void everyCallCarriesTheConfiguredBearerTokenAndNoOutputResultOrStateFileShowsIt(Scenario scenario,
                                                                                     CapturedOutput output)
            throws Exception {
        A2eSimulator simulator = scenario.simulator(b -> b.errorRate(0.2).faultRate(0.1).seed(5));
        RunnerDriver runner = scenario.runner();
        FamilyCatalog catalog = FamilyCatalog.bundled();
        Path manifest = runner.manifest("secret.csv", Samples.manifest(List.of(catalog.require("userText2Image"),
                catalog.require("headSwap"), catalog.require("userFaceSwapTask"), catalog.require("userDubbing"))));

        RunnerDriver.Result accepted = runner.run(manifest, simulator.baseUrl());
        List<Interaction> firstRun = scenario.traffic().fromClient();
        simulator.update(c -> c.errorRate(0).faultRate(0));
        simulator.setTokenEnabled(scenario.token(), false);
        RunnerDriver.Result rejected = runner.run(runner.manifest("secret-2.csv",
                Samples.manifest(List.of(catalog.require("userUpscale")))), simulator.baseUrl());

        assertThat(accepted.code()).as(accepted.all()).isEqualTo(ExitCode.SUCCESS);
        assertThat(rejected.code()).as(rejected.all()).isEqualTo(ExitCode.STOPPED_RESTARTABLE);
        String mask = TokenMask.mask(scenario.token());
        List<Interaction> client = scenario.traffic().fromClient();
        assertThat(client).hasSizeGreaterThan(8).allSatisfy(i ->
                assertThat(i.requestHeader("Authorization")).as(i.summary()).contains("Bearer " + mask));
        List<LoggedRequest> log = simulator.requestLog();
        assertThat(log).as("the simulator took every request for the configured token's account")
                .allSatisfy(r -> assertThat(r.account()).isEqualTo(mask));
        assertThat(firstRun).as("the simulator accepted the token the client sent").isNotEmpty()
                .extracting(Interaction::status).doesNotContain(401);
        String secret = scenario.token().substring("sk_test_".length());
        assertThat(accepted.all() + rejected.all() + output.getAll())
                .contains("API token rejected")
                .doesNotContain(scenario.token()).doesNotContain(secret);
        try (Stream<Path> files = Files.walk(runner.dir())) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.equals(runner.dir().resolve("token"))).toList()) {
                assertThat(contains(file, secret)).as("%s holds the token", runner.dir().relativize(file)).isFalse();
            }
        }
    }

    /** Whether the file holds {@code text} as UTF-8 or as UTF-16 of either byte order (H2 stores both). */
    private static boolean contains(Path file, String text) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
            if (indexOf(bytes, text.getBytes(charset)) >= 0) {
                return true;
            }
        }
        return false;
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
