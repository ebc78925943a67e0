package io.a2ebatch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import io.a2ebatch.spec.family.TaskFamily;
import io.a2ebatch.spec.family.TaskState;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Reading a task record: its creation time is read when a look-up asks for it, and a bad one is no error. */
class TaskRecordTest {

    private static final TaskFamily HEAD_SWAP = FamilyCatalog.bundled().require("headSwap");

    @Test
    void readsTheCreationTimeTheRecordGives() {
        TaskRecord record = TaskRecord.read(record("2024-06-21T03:20:22.436Z"), HEAD_SWAP);

        assertThat(record.createdAt()).contains(Instant.parse("2024-06-21T03:20:22.436Z"));
        assertThat(record.createdAtText()).isEqualTo("2024-06-21T03:20:22.436Z");
    }

    @Test
    void anUnreadableCreationTimeIsAbsentAndTheRestOfTheRecordIsRead() {
        TaskRecord record = TaskRecord.read(record("yesterday at noon"), HEAD_SWAP);

        assertThat(record.createdAt()).isEmpty();
        assertThat(record.id()).isEqualTo("6674f1765699df7e9d25311a");
        assertThat(record.state()).isEqualTo(TaskState.COMPLETED);
        assertThat(record.resultUrl()).isEqualTo("https://example.com/out.mp4");
    }

    @Test
    void aRecordWithoutACreationTimeHasNone() {
        TaskRecord record = TaskRecord.read(record(null), HEAD_SWAP);

        assertThat(record.createdAtText()).isEmpty();
        assertThat(record.createdAt()).isEmpty();
    }

    private static JsonNode record(String createdAt) {
        var node = SpecJson.MAPPER.createObjectNode()
                .put("_id", "6674f1765699df7e9d25311a")
                .put("current_status", "completed")
                .put("result_url", "https://example.com/out.mp4");
        if (createdAt != null) {
            node.put("createdAt", createdAt);
        }
        return node;
    }
}
