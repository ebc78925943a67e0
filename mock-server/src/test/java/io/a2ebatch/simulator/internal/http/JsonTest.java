package io.a2ebatch.simulator.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class JsonTest {

    private static final DateTimeFormatter FORMATTER =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void writesIsoTimesExactlyAsTheFormatterDoes() {
        List<Long> edges = List.of(0L, 1L, 999L, 1_000L, -1L, -62_167_219_200_000L, 253_402_300_799_999L,
                253_402_300_800_000L, 1_718_940_022_436L);
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long millis = i < edges.size() ? edges.get(i) : random.nextLong(-62_167_219_200_000L, 300_000_000_000_000L);

            assertThat(Json.iso(millis)).as("%d ms", millis).isEqualTo(FORMATTER.format(Instant.ofEpochMilli(millis)));
        }
        assertThat(Json.iso(1_718_940_022_436L)).isEqualTo("2024-06-21T03:20:22.436Z");
    }

    @Test
    void answersWrittenThroughTheThreadsBufferAreTheMappersBytesWhateverTheirSizeOrNesting() {
        for (int entries : new int[] {0, 1, 300, 30_000, 3}) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ArrayNode data = root.putArray("data");
            for (int i = 0; i < entries; i++) {
                data.addObject().put("_id", "task-" + i).put("prompt", "é ✓ \" quote " + i);
            }
            assertThat(Json.bytes(root)).as("%d entries", entries).isEqualTo(Json.MAPPER.writeValueAsBytes(root));
        }
        ObjectNode inner = Json.MAPPER.createObjectNode().put("inner", "x".repeat(70_000));
        ObjectNode outer = Json.MAPPER.createObjectNode();
        outer.set("nested", Json.MAPPER.getNodeFactory().pojoNode(new JacksonSerializable.Base() {
            @Override
            public void serialize(JsonGenerator json, SerializationContext context) {
                json.writeBinary(Json.bytes(inner));
            }

            @Override
            public void serializeWithType(JsonGenerator json, SerializationContext context, TypeSerializer type) {
                serialize(json, context);
            }
        }));
        byte[] expected = Json.MAPPER.writeValueAsBytes(outer);
        assertThat(Json.bytes(outer)).isEqualTo(expected);
    }
}
