package io.a2ebatch.contract.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.a2ebatch.cli.ExitCode;
import io.a2ebatch.contract.capture.Interaction;
import io.a2ebatch.contract.target.ContractExtension;
import io.a2ebatch.contract.target.RunnerDriver;
import io.a2ebatch.contract.target.Scenario;
import io.a2ebatch.contract.validation.OperationIndex;
import io.a2ebatch.simulator.A2eSimulator;
import io.a2ebatch.spec.SpecJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A value reaches A2E with the type the schema declares, even when the cell looks like another
 * type and even after the runner stored the request in its ledger and read it back: klingVideo's
 * {@code duration} is the string enum "5"/"10"/"15" and its {@code version} the string "3.0",
 * {@code sound} a boolean, {@code seed} a number; text-to-image's {@code width} a number;
 * image-to-video's {@code video_time} an integer. Checked on the bytes the simulator received.
 */
@ExtendWith(ContractExtension.class)
class TypeFidelityTest {

    @Test
    void valuesKeepTheTypeTheSchemaDeclaresOnTheWire(Scenario scenario) throws Exception {
        A2eSimulator simulator = scenario.simulator();
        RunnerDriver runner = scenario.runner();
        Path manifest = runner.manifest("types.csv", """
                key,type,mode,prompt,version,duration,sound,seed,width,height,image_url,video_time
                kling-5,klingVideo,text-to-video,A calm lake,3.0,5,true,42,,,,
                kling-10,klingVideo,text-to-video,A calm lake,2.6,10,FALSE,7,,,,
                kling-15,klingVideo,text-to-video,A calm lake,3.0,15,yes,,,,,
                t2i,userText2Image,,A red bicycle,,,,,1024,768.5,,
                i2v,userImage2Video,,A cat yawns,,,,,,,https://example.com/cat.jpg,10
                """);

        RunnerDriver.Result result = runner.run(manifest, simulator.baseUrl());

        assertThat(result.code()).as(result.all()).isEqualTo(ExitCode.SUCCESS);
        Map<String, String> sent = new LinkedHashMap<>();
        for (Interaction start : Calls.of(scenario.traffic().fromClient(), OperationIndex.Role.START)) {
            String name = Calls.taskName(start).orElseThrow();
            sent.put(name.substring(0, name.indexOf(' ')), start.requestBodyText());
        }
        assertThat(sent).containsOnlyKeys("kling-5", "kling-10", "kling-15", "t2i", "i2v");
        assertThat(sent.get("kling-5")).contains("\"duration\":\"5\"", "\"version\":\"3.0\"", "\"sound\":true",
                "\"seed\":42");
        assertThat(sent.get("kling-10")).contains("\"duration\":\"10\"", "\"version\":\"2.6\"", "\"sound\":false",
                "\"seed\":7");
        assertThat(sent.get("kling-15")).contains("\"duration\":\"15\"", "\"sound\":true").doesNotContain("\"seed\"");
        assertThat(sent.get("t2i")).contains("\"width\":1024", "\"height\":768.5");
        assertThat(sent.get("i2v")).contains("\"video_time\":10");
        JsonNode kling = json(sent.get("kling-5"));
        assertThat(kling.get("duration").isString()).isTrue();
        assertThat(kling.get("version").isString()).isTrue();
        assertThat(kling.get("sound").isBoolean()).isTrue();
        assertThat(kling.get("seed").isNumber()).isTrue();
        assertThat(json(sent.get("t2i")).get("width").isNumber()).isTrue();
        assertThat(json(sent.get("i2v")).get("video_time").isIntegralNumber()).isTrue();
    }

    private static JsonNode json(String body) {
        return SpecJson.MAPPER.readTree(body);
    }
}
