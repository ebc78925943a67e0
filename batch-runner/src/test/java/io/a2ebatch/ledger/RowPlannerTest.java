package io.a2ebatch.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.TreeSet;

import io.a2ebatch.spec.SpecJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class RowPlannerTest {

    private static final RowPlanner.Incoming ROW = new RowPlanner.Incoming("k1", 2, "userText2Image",
            "{\"prompt\":\"a red fox\",\"width\":512}");
    private static final RowPlanner.Incoming EDITED = new RowPlanner.Incoming("k1", 3, "userText2Image",
            "{\"prompt\":\"a blue fox\",\"width\":512}");

    private final RowPlanner planner = new RowPlanner(RowPlanner.Options.DEFAULT);

    private static LedgerRow inLedger(RowState state, String taskId) {
        return new LedgerRow("k1", 2, ROW.family(), ROW.request(), ROW.fingerprint(), state, "k1 [a2e 0000abcd]",
                taskId, 1, null, null, null, 1, Instant.EPOCH, null, null, 1, Plan.NEW, null, LedgerRow.Download.NONE);
    }

    @Test
    void fingerprintIgnoresTheOrderOfTheFieldsButNotTheirValues() {
        assertThat(RowPlanner.fingerprint("userText2Image", "{\"width\":512,\"prompt\":\"a red fox\"}"))
                .isEqualTo(ROW.fingerprint()).hasSize(32);
        assertThat(EDITED.fingerprint()).isNotEqualTo(ROW.fingerprint());
        assertThat(RowPlanner.fingerprint("userImage2Video", ROW.request())).isNotEqualTo(ROW.fingerprint());
    }

    @Test
    void fingerprintsAreTheOnesEarlierVersionsRecorded() {
        // Written by the version before the fingerprint stopped asking Jackson for every name and value: a ledger
        // filled by it must find its rows unchanged.
        assertThat(RowPlanner.fingerprint("userImage2Video", ROW.request())).isEqualTo("2c00f32f8ccf8706a4c0615d0fd9c03c");
        assertThat(RowPlanner.fingerprint("userImage2Video", "{\"image_url\":\"https://example.com/media/88302.jpg\","
                + "\"prompt\":\"cinematic \\\"turning\\\", slowly\\tsoft\\nof\",\"negative_prompt\":\"夜景 ñandú 🦊"
                + " \\u2028 \\\\ end\",\"number_of_images\":391,\"skip_face_enhance\":true,\"extend\":null,"
                + "\"ratio\":1.5,\"big\":12345678901234,\"nested\":{\"z\":[1,\"/x\",false],\"a\":{}},"
                + "\"ctl\":\"\\u0001\\u001f\\u007f\"}"))
                .isEqualTo("adc565283e0ee1836c4502137eb87548");
    }

    @Test
    void fingerprintHashesEveryCharacterAsJacksonWritesIt() {
        // Every UTF-16 unit on its own, in a name and in a value (each string is written as it is or through
        // Jackson by itself), against the hash of the text Jackson writes for each name and value.
        for (int from = 0; from < 0x10000; from += 256) {
            ObjectNode request = SpecJson.MAPPER.createObjectNode();
            var list = request.putArray("list");
            for (int c = from; c < from + 256; c++) {
                request.put("n" + (char) c, "v" + (char) c);
                list.add(String.valueOf((char) c));
            }
            list.add(true).add(-7L).add(2.5).addNull();
            String json = SpecJson.MAPPER.writeValueAsString(request);
            assertThat(RowPlanner.fingerprint("f", json)).as("characters %04x-%04x", from, from + 255)
                    .isEqualTo(sha256Prefix("f\n" + asJacksonWritesIt(request)));
        }
    }

    /** A flat object whose values are scalars or arrays of scalars, its names sorted, each part written by Jackson. */
    private static String asJacksonWritesIt(ObjectNode request) {
        StringBuilder out = new StringBuilder("{");
        for (String name : new TreeSet<>(request.propertyNames())) {
            out.append(SpecJson.MAPPER.writeValueAsString(name)).append(':');
            JsonNode value = request.get(name);
            if (value.isArray()) {
                out.append('[');
                value.forEach(item -> out.append(SpecJson.MAPPER.writeValueAsString(item)).append(','));
                out.append(']');
            } else {
                out.append(SpecJson.MAPPER.writeValueAsString(value));
            }
            out.append(',');
        }
        return out.append('}').toString();
    }

    /** A fingerprint's definition: the first 16 bytes of the text's SHA-256, in hex. */
    private static String sha256Prefix(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void keepsFollowsAndSendsRowsWhoseRequestDidNotChange() {
        assertThat(planner.decide(ROW, null, 2).plan()).isEqualTo(Plan.NEW);
        assertThat(planner.decide(ROW, inLedger(RowState.COMPLETED, "t1"), 2).plan()).isEqualTo(Plan.KEEP);
        assertThat(planner.decide(ROW, inLedger(RowState.SUBMITTED, "t1"), 2).plan()).isEqualTo(Plan.FOLLOW);
        assertThat(planner.decide(ROW, inLedger(RowState.SUBMITTING, null), 2).plan()).isEqualTo(Plan.FOLLOW);
        assertThat(planner.decide(ROW, inLedger(RowState.PENDING, null), 2).plan()).isEqualTo(Plan.SEND);
        assertThat(planner.decide(ROW, inLedger(RowState.WITHDRAWN, null), 2).plan()).isEqualTo(Plan.SEND);
        assertThat(planner.decide(ROW, inLedger(RowState.FAILED, "t1"), 2).plan()).isEqualTo(Plan.KEEP);
    }

    @Test
    void holdsAChangedRowWhoseTaskExistsAndNamesTheChangedFields() {
        RowPlanner.Decision d = planner.decide(EDITED, inLedger(RowState.COMPLETED, "t1"), 2);
        assertThat(d.plan()).isEqualTo(Plan.CHANGED_HELD);
        assertThat(d.after().changedFields()).isEqualTo("prompt");
        assertThat(d.after().request()).as("the request its task was made with").isEqualTo(ROW.request());
        assertThat(d.after().taskId()).isEqualTo("t1");
        assertThat(d.after().line()).isEqualTo(3);
        assertThat(planner.decide(EDITED, inLedger(RowState.SUBMITTED, "t1"), 2).plan()).isEqualTo(Plan.CHANGED_HELD);
    }

    @Test
    void sendsAChangedRowThatNeverGotATaskAsItNowReads() {
        RowPlanner.Decision d = planner.decide(EDITED, inLedger(RowState.PENDING, null), 2);
        assertThat(d.plan()).isEqualTo(Plan.SEND);
        assertThat(d.after().request()).isEqualTo(EDITED.request());
        assertThat(planner.decide(EDITED, inLedger(RowState.FAILED, null), 2).plan())
                .as("A2E refused its start, so no task exists").isEqualTo(Plan.SEND);
    }

    @Test
    void resubmitsAsANewAttemptOnlyWhenAsked() {
        RowPlanner retrying = new RowPlanner(new RowPlanner.Options(true, false));
        RowPlanner.Decision retry = retrying.decide(ROW, inLedger(RowState.FAILED, "t1"), 2);
        assertThat(retry.plan()).isEqualTo(Plan.RETRY);
        assertThat(retry.after().taskAttempt()).isEqualTo(2);
        assertThat(retry.after().state()).isEqualTo(RowState.PENDING);
        assertThat(retry.after().taskId()).isNull();
        assertThat(retry.supersededTaskId()).isEqualTo("t1");
        assertThat(retrying.decide(ROW, inLedger(RowState.COMPLETED, "t1"), 2).plan()).isEqualTo(Plan.KEEP);

        RowPlanner resubmitting = new RowPlanner(new RowPlanner.Options(false, true));
        RowPlanner.Decision resubmit = resubmitting.decide(EDITED, inLedger(RowState.COMPLETED, "t1"), 2);
        assertThat(resubmit.plan()).isEqualTo(Plan.RESUBMIT);
        assertThat(resubmit.after().request()).isEqualTo(EDITED.request());
        assertThat(resubmitting.decide(EDITED, inLedger(RowState.SUBMITTED, "t1"), 2).plan())
                .as("a task in flight is never replaced").isEqualTo(Plan.CHANGED_HELD);
    }
}
