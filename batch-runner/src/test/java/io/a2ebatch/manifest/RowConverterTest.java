package io.a2ebatch.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.a2ebatch.spec.family.FamilyCatalog;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class RowConverterTest {

    private static final Path FILE = Path.of("orders.csv");
    private static final FamilyCatalog CATALOG = FamilyCatalog.bundled();

    private static RowConverter converter(String header) {
        return new RowConverter(FILE, Arrays.asList(header.split(",", -1)), CATALOG);
    }

    private static RowOutcome convert(String header, String... cells) {
        return converter(header).convert(new ManifestRecord(7, 6, Arrays.asList(cells)));
    }

    private static ObjectNode body(String header, String... cells) {
        RowOutcome outcome = convert(header, cells);
        assertThat(outcome).as(() -> outcome instanceof InvalidRow i ? i.problems().toString() : "")
                .isInstanceOf(ValidRow.class);
        return ((ValidRow) outcome).body();
    }

    private static List<String> problems(String header, String... cells) {
        RowOutcome outcome = convert(header, cells);
        assertThat(outcome).isInstanceOf(InvalidRow.class);
        return ((InvalidRow) outcome).problems().stream().map(ManifestProblem::format).toList();
    }

    @Test
    void buildsTheStartRequestWithEachValueTypedAsTheSchemaDeclares() {
        ValidRow row = (ValidRow) convert("key,type,image_url,prompt,video_time,extend_prompt,model_type",
                "r1", "userImage2Video", "https://example.com/a.jpg", "wave, slowly", "10", "true", "GENERAL");
        assertThat(row.line()).isEqualTo(7);
        assertThat(row.key()).isEqualTo("r1");
        assertThat(row.family().name()).isEqualTo("userImage2Video");
        assertThat(row.values()).containsExactly("r1", "userImage2Video", "https://example.com/a.jpg",
                "wave, slowly", "10", "true", "GENERAL");
        assertThat(row.body()).hasToString("{\"name\":\"r1\",\"image_url\":\"https://example.com/a.jpg\","
                + "\"prompt\":\"wave, slowly\",\"video_time\":10,\"extend_prompt\":true,\"model_type\":\"GENERAL\"}");
        assertThat(row.family().requestSchema().validate(row.body())).isEmpty();
    }

    @Test
    void leavesEmptyCellsOutOfTheRequest() {
        assertThat(body("key,type,image_url,prompt,video_time", "r1", "i2v", "https://e.com/a.jpg", "", ""))
                .hasToString("{\"name\":\"r1\",\"image_url\":\"https://e.com/a.jpg\"}");
    }

    @Test
    void keepsStringFieldsExactlyAsWrittenEvenWhenTheyLookLikeNumbers() {
        ObjectNode body = body("key,type,mode,prompt,duration,version", "k", "klingVideo", "text-to-video",
                "  spaced  ", "5", "3.0");
        assertThat(body.get("duration").isString()).isTrue();
        assertThat(body.get("duration").stringValue()).isEqualTo("5");
        assertThat(body.get("version").stringValue()).isEqualTo("3.0");
        assertThat(body.get("prompt").stringValue()).isEqualTo("  spaced  ");
    }

    @Test
    void readsNumbersWithFractionsWhereTheSchemaSaysNumber() {
        ObjectNode body = body("key,type,prompt,width,height,max_images", "k", "t2i", "p", "512.5", "1024", "2");
        assertThat(body.get("width").decimalValue()).isEqualByComparingTo("512.5");
        assertThat(body.get("height").intValue()).isEqualTo(1024);
    }

    @Test
    void reportsAFractionOrTextInAnIntegerField() {
        assertThat(problems("key,type,image_url,video_time,number_of_images", "k", "i2v", "https://e.com/a.jpg",
                "5.0", "two")).containsExactly(
                "orders.csv:7:4 video_time: expected an integer, got \"5.0\"",
                "orders.csv:7:5 number_of_images: expected an integer, got \"two\"");
    }

    @Test
    void reportsBadNumbersAndBooleans() {
        assertThat(problems("key,type,prompt,force_generate", "k", "nanoBanana", "p", "maybe")).containsExactly(
                "orders.csv:7:4 force_generate: expected a boolean: true or false (also yes/no, 1/0), got \"maybe\"");
        assertThat(problems("key,type,prompt,width", "k", "t2i", "p", "12px"))
                .containsExactly("orders.csv:7:4 width: expected a number, got \"12px\"");
    }

    @Test
    void acceptsBooleanWordsSpreadsheetsWrite() {
        ObjectNode body = body("key,type,prompt,google_search,force_generate", "k", "nanoBanana", "p", "TRUE", "no");
        assertThat(body.get("google_search").booleanValue()).isTrue();
        assertThat(body.get("force_generate").booleanValue()).isFalse();
    }

    @Test
    void reportsValuesOutsideTheirRange() {
        assertThat(problems("key,type,image_url,video_time,number_of_images", "k", "i2v", "https://e.com/a.jpg",
                "30", "0")).containsExactly(
                "orders.csv:7:4 video_time: 30 is above the maximum 20 (allowed: 5..20)",
                "orders.csv:7:5 number_of_images: 0 is below the minimum 1 (allowed: 1..8)");
    }

    @Test
    void reportsAValueThatIsNotInTheEnum() {
        assertThat(problems("key,type,mode,prompt,duration", "k", "klingVideo", "text-to-video", "p", "7"))
                .containsExactly("orders.csv:7:5 duration: \"7\" is not one of 5, 10, 15");
    }

    @Test
    void readsArraysAsPipeListsOrJson() {
        assertThat(body("key,type,prompt,input_images", "k", "nanoBanana", "p", "https://e.com/a.jpg|https://e.com/b.jpg")
                .get("input_images")).hasToString("[\"https://e.com/a.jpg\",\"https://e.com/b.jpg\"]");
        assertThat(body("key,type,prompt,input_images", "k", "nanoBanana", "p", "[\"https://e.com/a|b.jpg\"]")
                .get("input_images")).hasToString("[\"https://e.com/a|b.jpg\"]");
    }

    @Test
    void checksArrayLengthAndEveryItem() {
        assertThat(problems("key,type,image_urls", "k", "virtualTryOn", "https://e.com/a.jpg|ftp://e.com/b.jpg|x|y|z"))
                .containsExactly(
                        "orders.csv:7:3 image_urls: allows at most 4 item(s), got 5",
                        "orders.csv:7:3 image_urls: image_urls[1] \"ftp://e.com/b.jpg\" does not match the pattern ^https?://.*",
                        "orders.csv:7:3 image_urls: image_urls[2] \"x\" does not match the pattern ^https?://.*",
                        "orders.csv:7:3 image_urls: image_urls[2] \"x\" is not an absolute URI (such as https://example.com/a.jpg)",
                        "orders.csv:7:3 image_urls: image_urls[3] \"y\" does not match the pattern ^https?://.*",
                        "orders.csv:7:3 image_urls: image_urls[3] \"y\" is not an absolute URI (such as https://example.com/a.jpg)",
                        "orders.csv:7:3 image_urls: image_urls[4] \"z\" does not match the pattern ^https?://.*",
                        "orders.csv:7:3 image_urls: image_urls[4] \"z\" is not an absolute URI (such as https://example.com/a.jpg)");
        assertThat(problems("key,type,image_urls", "k", "virtualTryOn", "https://e.com/a.jpg"))
                .containsExactly("orders.csv:7:3 image_urls: needs at least 2 item(s), got 1");
        assertThat(problems("key,type,image_urls", "k", "virtualTryOn", "[\"https://e.com/a.jpg\", 2]"))
                .containsExactly("orders.csv:7:3 image_urls: image_urls[1] expected a string, got 2");
    }

    @Test
    void readsObjectsAsJsonAndChecksTheirFields() {
        String header = "key,type,image_urls,product_rect";
        ObjectNode body = body(header, "k", "productAvatar", "https://e.com/p.jpg|https://e.com/q.jpg",
                "{\"x\":100,\"y\":150,\"width\":200,\"height\":300,\"rotation\":0,\"scale\":1.5}");
        assertThat(body.get("product_rect").get("scale").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(problems(header, "k", "productAvatar", "https://e.com/p.jpg|https://e.com/q.jpg", "{\"x\":1,\"y\":\"2\"}"))
                .containsExactly(
                        "orders.csv:7:4 product_rect: product_rect.width is required in product_rect",
                        "orders.csv:7:4 product_rect: product_rect.height is required in product_rect",
                        "orders.csv:7:4 product_rect: product_rect.rotation is required in product_rect",
                        "orders.csv:7:4 product_rect: product_rect.scale is required in product_rect",
                        "orders.csv:7:4 product_rect: product_rect.y expected a number, got \"2\"");
        assertThat(problems(header, "k", "productAvatar", "https://e.com/p.jpg|https://e.com/q.jpg", "[1,2]"))
                .containsExactly("orders.csv:7:4 product_rect: expected a JSON object such as {\"x\": 1}, got \"[1,2]\"");
    }

    @Test
    void reportsARequiredFieldLeftEmptyAtItsColumnAndOneWithoutAColumnForTheRow() {
        assertThat(problems("key,type,mode,video_url", "k", "klingVideo", "", "")).containsExactly(
                "orders.csv:7 prompt: is required for klingVideo, and the manifest has no prompt column",
                "orders.csv:7:3 mode: is required for klingVideo");
    }

    @Test
    void namesTheTaskAfterItsKeyUnlessTheRowGivesAName() {
        assertThat(body("key,type,name,video_url,face_url", "k1", "faceSwap", "", "https://e.com/v.mp4", "https://e.com/f.jpg")
                .get("name").stringValue()).isEqualTo("k1");
        assertThat(body("key,type,name,video_url,face_url", "k1", "faceSwap", "My swap", "https://e.com/v.mp4", "https://e.com/f.jpg")
                .get("name").stringValue()).isEqualTo("My swap");
        assertThat(body("key,type,image_url,target_image_url", "k1", "headSwap", "https://e.com/a.jpg", "https://e.com/b.jpg")
                .has("name")).isFalse();
    }

    @Test
    void guardsAgainstTyposInColumnNames() {
        assertThat(problems("key,type,image_url,promt", "k", "userImage2Video", "https://e.com/a.jpg", "wave"))
                .containsExactly("orders.csv:7:4 promt: is not a field of userImage2Video; did you mean prompt?");
    }

    @Test
    void mixesFamiliesInOneManifestIgnoringColumnsOtherFamiliesUseWhenEmpty() {
        String header = "key,type,image_url,target_image_url,prompt,video_time";
        RowConverter converter = converter(header);
        RowOutcome swap = converter.convert(new ManifestRecord(2, 1,
                List.of("a", "headSwap", "https://e.com/h.jpg", "https://e.com/b.jpg", "", "")));
        RowOutcome video = converter.convert(new ManifestRecord(3, 2,
                List.of("b", "i2v", "https://e.com/i.jpg", "", "wave", "5")));
        RowOutcome wrong = converter.convert(new ManifestRecord(4, 3,
                List.of("c", "i2v", "https://e.com/i.jpg", "https://e.com/b.jpg", "wave", "5")));
        assertThat(swap).isInstanceOf(ValidRow.class);
        assertThat(video).isInstanceOf(ValidRow.class);
        assertThat(((InvalidRow) wrong).problems()).extracting(ManifestProblem::format).containsExactly(
                "orders.csv:4:4 target_image_url: is not a field of userImage2Video (other families use it);"
                        + " leave it empty in userImage2Video rows");
    }

    @Test
    void listsTheFamilysFieldsForAColumnNoFamilyHasAndNothingResembles() {
        assertThat(problems("key,type,image_url,budget", "k", "i2v", "https://e.com/a.jpg", "12"))
                .containsExactly("orders.csv:7:4 budget: is not a field of userImage2Video (its fields: name, image_url,"
                        + " prompt, negative_prompt, lora, model_type, end_image_url, extend_prompt, number_of_images,"
                        + " video_time, video_length, skip_face_enhance, minor_suspected_skip)");
    }

    @Test
    void ignoresNoteColumns() {
        assertThat(body("key,type,#comment,prompt,# owner", "k", "t2i", "first try, big", "a cat", "ana"))
                .hasToString("{\"name\":\"k\",\"prompt\":\"a cat\"}");
    }

    @Test
    void sendsEveryColumnAsAStringForAFamilyWhoseRequestTheSpecDoesNotDescribe() {
        ObjectNode body = body("key,type,source_url,target_language,speakers", "d1", "userDubbing",
                "https://e.com/v.mp4", "es", "2");
        assertThat(body).hasToString("{\"source_url\":\"https://e.com/v.mp4\",\"target_language\":\"es\",\"speakers\":\"2\"}");
    }

    @Test
    void findsTheFamilyByPathSegmentOrAliasIgnoringCaseDashesAndSpaces() {
        for (String type : List.of("userImage2Video", "image2Video", "i2v", "I2V", "user-image2video", " i2v ")) {
            RowOutcome outcome = convert("key,type,image_url", "k", type, "https://e.com/a.jpg");
            assertThat(outcome).as(type).isInstanceOfSatisfying(ValidRow.class,
                    row -> assertThat(row.family().name()).isEqualTo("userImage2Video"));
        }
    }

    @Test
    void suggestsCloseFamiliesForAnUnknownType() {
        assertThat(problems("key,type,prompt", "k", "imag2video", "p"))
                .containsExactly("orders.csv:7:2 type: unknown task family \"imag2video\"; did you mean userImage2Video?");
        assertThat(problems("key,type,prompt", "k", "", "p"))
                .containsExactly("orders.csv:7:2 type: is empty; name the task family, e.g. userImage2Video, headSwap or aleph");
        assertThat(problems("key,type,prompt", "k", "zzzz", "p").get(0))
                .startsWith("orders.csv:7:2 type: unknown task family \"zzzz\"; the families are userFaceSwapTask,")
                .endsWith(", grokVideo");
    }

    @Test
    void rejectsKeysThatAreEmptyTooLongOrHaveControlCharactersOrSurroundingSpaces() {
        String header = "key,type,prompt";
        assertThat(problems(header, "", "t2i", "p")).containsExactly(
                "orders.csv:7:1 key: is empty; every row needs a unique key");
        assertThat(problems(header, "x".repeat(129), "t2i", "p")).containsExactly(
                "orders.csv:7:1 key: is 129 characters long; at most 128 are allowed");
        assertThat(problems(header, "a\tb", "t2i", "p")).containsExactly(
                "orders.csv:7:1 key: contains the control character U+0009 at position 2; keys must be printable");
        assertThat(problems(header, " a", "t2i", "p")).containsExactly(
                "orders.csv:7:1 key: starts or ends with a space; remove it, or keys that look alike would differ");
        assertThat(RowConverter.acceptsKey("🌅".repeat(128))).isTrue();
        assertThat(RowConverter.acceptsKey("注文-0001")).isTrue();
    }

    @Test
    void reportsARowWithTheWrongNumberOfCellsWithoutGuessingWhichCellIsWhich() {
        RowOutcome outcome = convert("key,type,prompt", "k", "t2i", "a", "b");
        assertThat(outcome).isInstanceOfSatisfying(InvalidRow.class, row -> {
            assertThat(row.key()).isEqualTo("k");
            assertThat(row.values()).containsExactly("k", "t2i", "a", "b");
            assertThat(row.problems()).extracting(ManifestProblem::format).containsExactly(
                    "orders.csv:7: has 4 cells, but the header has 3 columns: a comma is missing or extra"
                            + " (put a cell that contains commas in double quotes)");
        });
    }

    @Test
    void reportsEveryProblemOfARowInColumnOrder() {
        InvalidRow row = (InvalidRow) convert("key,type,video_time,promt,model_type,image_url,extend_prompt",
                "", "i2v", "abc", "x", "FAST", "", "perhaps");
        assertThat(row.problems()).extracting(ManifestProblem::column).containsExactly(1, 3, 4, 5, 6, 7);
        assertThat(row.problems()).extracting(ManifestProblem::field)
                .containsExactly("key", "video_time", "promt", "model_type", "image_url", "extend_prompt");
        assertThat(row.values()).hasSize(7);
    }

    @Test
    void wordsARepeatedKeyAtTheKeyColumn() {
        assertThat(converter("type,key,prompt").duplicateKey(9, "k1", 3).format())
                .isEqualTo("orders.csv:9:2 key: duplicate key \"k1\"; first used on line 3");
    }

    @Test
    void refusesAHeaderWithoutKeyOrType() {
        assertThatThrownBy(() -> converter("id,prompt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no key column");
    }

    @Test
    void convertsTheSameRowsTheSameWayFromManyThreads() throws Exception {
        RowConverter converter = converter("key,type,image_url,prompt,video_time");
        List<ManifestRecord> records = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            records.add(new ManifestRecord(i + 2, i + 1, List.of("k" + i, i % 2 == 0 ? "i2v" : "t2i",
                    i % 2 == 0 ? "https://e.com/" + i + ".jpg" : "", "p" + i, i % 3 == 0 ? "x" : "5")));
        }
        List<String> expected = records.stream().map(r -> describe(converter.convert(r))).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> records.stream().map(r -> describe(converter.convert(r))).toList()));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String describe(RowOutcome outcome) {
        return outcome instanceof ValidRow v ? v.body().toString() : ((InvalidRow) outcome).problems().toString();
    }
}
