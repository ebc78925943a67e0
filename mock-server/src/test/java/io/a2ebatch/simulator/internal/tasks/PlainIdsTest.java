package io.a2ebatch.simulator.internal.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.a2ebatch.simulator.internal.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * batchDetail's reading of a plain {@code {"ids":[...]}} body straight from its bytes: it must read what the
 * JSON reader reads, and leave every other body to the JSON reader, which answers it with its error.
 */
class PlainIdsTest {

    private static List<String> plain(String body) {
        return TaskApi.plainIds(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The ids as the JSON reader sees them. */
    private static List<String> asJson(String body) {
        List<String> ids = new ArrayList<>();
        for (JsonNode id : Json.parseBody(body.getBytes(StandardCharsets.UTF_8)).get("ids")) {
            ids.add(id.stringValue());
        }
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"ids\":[\"65f1c0ffee0000000000a001\"]}",
            "{\"ids\":[\"a\",\"b\",\"a\"]}",
            " {\r\n\t\"ids\" : [ \"a\" , \"b c\" ]\n} \n",
            "{\"ids\":[\"\",\"{}[],:\"]}"})
    void readsWhatTheJsonReaderReads(String body) {
        assertThat(plain(body)).isEqualTo(asJson(body));
    }

    @Test
    void readsAHundredIds() {
        String body = "{\"ids\":[\"" + String.join("\",\"", Collections.nCopies(100, "x")) + "\"]}";
        assertThat(plain(body)).hasSize(100).isEqualTo(asJson(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "{}", "[]", "{\"ids\":[]}", "{\"ids\":[\"a\"]", "{\"ids\":[\"a\"]}}", "{\"ids\":[\"a\"]} x",
            "{\"ids\":[\"a\",]}", "{\"ids\":[\"a\" \"b\"]}", "{\"ids\":[1]}", "{\"ids\":[null]}", "{\"ids\":\"a\"}",
            "{\"ids\":[[\"a\"]]}", "{\"ids\":[\"a\"],\"ids\":[\"b\"]}", "{\"ids\":[\"a\"],\"more\":1}",
            "{\"more\":1,\"ids\":[\"a\"]}", "{\"id\":[\"a\"]}", "{\"idsx\":[\"a\"]}", "{\"ids\":[\"a\\\"b\"]}",
            "{\"ids\":[\"a\\u0062\"]}", "{\"ids\":[\"é\"]}", "{\"ids\":[\"a\tb\"]}", "\uFEFF{\"ids\":[\"a\"]}",
            "{\"ids\":[\"a\"]}/* */", "{'ids':['a']}", "{\"ids\":[\"unterminated]}"})
    void leavesEveryOtherBodyToTheJsonReader(String body) {
        assertThat(plain(body)).isNull();
    }

    @Test
    void leavesMoreThanAHundredIdsToTheJsonReader() {
        assertThat(plain("{\"ids\":[\"" + String.join("\",\"", Collections.nCopies(101, "x")) + "\"]}")).isNull();
    }
}
