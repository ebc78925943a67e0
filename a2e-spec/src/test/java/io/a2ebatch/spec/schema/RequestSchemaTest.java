package io.a2ebatch.spec.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.family.FamilyCatalog;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RequestSchemaTest {

    private final FamilyCatalog catalog = FamilyCatalog.bundled();

    private List<Violation> validate(String family, String json) {
        JsonNode body = SpecJson.MAPPER.readTree(json);
        return catalog.require(family).requestSchema().validate(body);
    }

    @Test
    void acceptsTheSpecsOwnExampleBody() {
        assertThat(validate("userImage2Video", """
                {"name":"My Image Animation","image_url":"https://example.com/image.jpg",
                 "prompt":"wave","model_type":"GENERAL","extend_prompt":true,"number_of_images":1,
                 "video_time":5,"video_length":81}""")).isEmpty();
    }

    @Test
    void reportsAMissingRequiredField() {
        assertThat(validate("userImage2Video", "{\"prompt\":\"wave\"}"))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("image_url");
                    assertThat(v.rule()).isEqualTo(Violation.Rule.REQUIRED);
                });
    }

    @Test
    void reportsTypeEnumAndRangeViolationsWithTheOffendingValue() {
        List<Violation> violations = validate("userImage2Video", """
                {"image_url":"https://e.com/a.jpg","video_time":30,"number_of_images":"two",
                 "model_type":"FAST","extend_prompt":"yes"}""");
        assertThat(violations).extracting(Violation::field, Violation::rule).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("video_time", Violation.Rule.MAXIMUM),
                org.assertj.core.groups.Tuple.tuple("number_of_images", Violation.Rule.TYPE),
                org.assertj.core.groups.Tuple.tuple("model_type", Violation.Rule.ENUM),
                org.assertj.core.groups.Tuple.tuple("extend_prompt", Violation.Rule.TYPE));
        assertThat(violations).filteredOn(v -> v.field().equals("video_time")).singleElement()
                .extracting(Violation::message).asString().contains("30").contains("5..20");
        assertThat(violations).filteredOn(v -> v.field().equals("model_type")).singleElement()
                .extracting(Violation::message).asString().contains("GENERAL, FLF2V");
    }

    @Test
    void keepsEnumStringsAsStringsEvenWhenTheyLookNumeric() {
        assertThat(validate("klingVideo", "{\"mode\":\"text-to-video\",\"prompt\":\"p\",\"duration\":\"10\"}"))
                .isEmpty();
        assertThat(validate("klingVideo", "{\"mode\":\"text-to-video\",\"prompt\":\"p\",\"duration\":10}"))
                .extracting(Violation::rule).containsExactly(Violation.Rule.TYPE);
    }

    @Test
    void treatsAFractionAsNotAnIntegerButAcceptsItAsANumber() {
        assertThat(validate("userImage2Video", "{\"image_url\":\"u\",\"video_time\":5.5}"))
                .extracting(Violation::rule).containsExactly(Violation.Rule.TYPE);
        assertThat(validate("userText2Image", "{\"prompt\":\"p\",\"width\":512.5}")).isEmpty();
    }

    @Test
    void checksArrayLengthItemFormatAndPattern() {
        List<Violation> violations = validate("productAvatar", """
                {"image_urls":["ftp://x/a.jpg"],
                 "product_rect":{"x":1,"y":2,"width":3,"height":4,"rotation":0,"scale":1}}""");
        assertThat(violations).extracting(Violation::field, Violation::rule).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("image_urls", Violation.Rule.MIN_ITEMS),
                org.assertj.core.groups.Tuple.tuple("image_urls[0]", Violation.Rule.PATTERN));
    }

    @Test
    void checksRequiredFieldsOfNestedObjects() {
        assertThat(validate("productAvatar", """
                {"image_urls":["https://x/a.jpg","https://x/b.jpg"],"product_rect":{"x":1,"y":2}}"""))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("product_rect.width", "product_rect.height",
                        "product_rect.rotation", "product_rect.scale");
        assertThat(validate("klingOmni", """
                {"prompt":"p","duration":"5","multi_prompt":[{"prompt":"a"}]}"""))
                .extracting(Violation::field).containsExactly("multi_prompt[0].duration");
    }

    @Test
    void rejectsABodyThatIsNotAnObject() {
        assertThat(validate("headSwap", "[1,2]")).extracting(Violation::rule).containsExactly(Violation.Rule.TYPE);
    }
}
