package io.a2ebatch.spec.family;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.a2ebatch.spec.ApiSpec;
import io.a2ebatch.spec.SpecJson;
import io.a2ebatch.spec.schema.Violation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProviderDescriptorsTest {

    private final FamilyCatalog every = FamilyCatalog.everyProvider();
    private final TaskFamily aleph = every.require("kie.aleph");
    private final TaskFamily i2v = every.require("userImage2Video");

    private static JsonNode json(String text) {
        return SpecJson.MAPPER.readTree(text);
    }

    @Test
    void everyProviderHoldsA2esFamiliesAndAlephAndA2esCatalogueStaysA2eOnly() {
        assertThat(every.providers()).extracting(Provider::id).containsExactly("a2e", "kie");
        assertThat(every.families()).hasSize(FamilyCatalog.bundled().families().size() + 1);
        assertThat(FamilyCatalog.bundled().providers()).extracting(Provider::id).containsExactly("a2e");
        assertThat(FamilyCatalog.bundled().find("aleph")).isEmpty();
    }

    @Test
    void aManifestTypeNamesAFamilyPlainOrQualifiedByItsProvider() {
        for (String type : List.of("aleph", "kie.aleph", "KIE.Aleph", "runway-aleph", "kie.runway_aleph")) {
            assertThat(every.find(type)).as(type).contains(aleph);
        }
        assertThat(every.find("a2e.image2video")).contains(i2v);
        assertThat(every.find("a2e.i2v")).contains(i2v);
        assertThat(every.find("kie.image2video")).isEmpty();
        assertThat(every.find("a2e.aleph")).isEmpty();
        assertThat(every.require("aleph")).isSameAs(aleph);
        assertThat(aleph.qualifiedName()).isEqualTo("kie.aleph");
    }

    @Test
    void aNameTwoProvidersShareIsFoundOnlyQualified() {
        Provider other = new Provider("other", "Other", URI.create("https://other.example"),
                new TokenSource("OTHER_TOKEN", "OTHER_TOKEN_FILE"), aleph.provider().specResource(),
                aleph.provider().envelope(), aleph.provider().errors(), aleph.provider().status(), Optional.empty());
        TaskFamily twin = new TaskFamily("aleph", List.of(), aleph.start(), aleph.detail(), Optional.empty(),
                Optional.empty(), Optional.empty(), aleph.requestSchema(), aleph.fields(), other);
        FamilyCatalog both = FamilyCatalog.of(List.of(aleph, twin));

        assertThat(both.find("aleph")).isEmpty();
        assertThat(both.ambiguous("Aleph")).containsExactly(aleph, twin);
        assertThat(both.find("other.aleph")).contains(twin);
        assertThat(both.find("kie.aleph")).contains(aleph);
        assertThat(both.require("other.aleph")).isSameAs(twin);
    }

    @Test
    void eachProviderHasItsOwnBaseUrlTokenVariablesAndDocument() {
        Provider a2e = i2v.provider();
        Provider kie = aleph.provider();
        assertThat(a2e.defaultBaseUrl()).isEqualTo(URI.create("https://video.a2e.ai"));
        assertThat(a2e.token()).isEqualTo(new TokenSource("A2E_API_TOKEN", "A2E_API_TOKEN_FILE"));
        assertThat(kie.defaultBaseUrl()).isEqualTo(URI.create("https://api.kie.ai"));
        assertThat(kie.token()).isEqualTo(new TokenSource("KIE_API_TOKEN", "KIE_API_TOKEN_FILE"));
        assertThat(ApiSpec.bundled(kie.specResource()).root().path("info").path("description").asString())
                .contains("../shared/kie/runway-aleph.md").contains("Derived by hand");
    }

    @Test
    void alephStartsByGenerateAndIsReadOneByOneThroughRecordInfoWithTheIdInTheQuery() {
        assertThat(aleph.start().label()).isEqualTo("POST /api/v1/aleph/generate");
        assertThat(aleph.detail().label()).isEqualTo("GET /api/v1/aleph/record-info");
        assertThat(aleph.detail().path("ee60 3959/x")).isEqualTo("/api/v1/aleph/record-info?taskId=ee60+3959%2Fx");
        assertThat(aleph.batchDetail()).isEmpty();
        assertThat(aleph.list()).isEmpty();
        assertThat(aleph.delete()).isEmpty();
        assertThat(aleph.fields().id()).isEqualTo("taskId");
    }

    @Test
    void alephCannotBeFoundByNameButCallsBackWhileA2eFamiliesAreTheOpposite() {
        assertThat(aleph.acceptsName()).isFalse();
        assertThat(aleph.findableByName()).isFalse();
        assertThat(aleph.acceptsCallbacks()).isTrue();
        assertThat(i2v.findableByName()).isTrue();
        assertThat(FamilyCatalog.bundled().families()).noneMatch(TaskFamily::acceptsCallbacks);
    }

    @Test
    void alephRowsAreValidatedByTheSameSchemaCompilerAsA2eRows() {
        assertThat(aleph.requestSchema().validate(json("""
                {"prompt":"watercolour","videoUrl":"https://example.com/in.mp4","aspectRatio":"16:9","seed":7,
                 "waterMark":"","uploadCn":false,"referenceImage":"https://example.com/ref.jpg"}"""))).isEmpty();
        assertThat(aleph.requestSchema().validate(json("{}")))
                .extracting(Violation::field, Violation::rule)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("prompt", Violation.Rule.REQUIRED),
                        org.assertj.core.groups.Tuple.tuple("videoUrl", Violation.Rule.REQUIRED));
        assertThat(aleph.requestSchema().validate(json("""
                {"prompt":"p","videoUrl":"in.mp4","aspectRatio":"2:1","seed":"seven","referenceImage":"x"}""")))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("videoUrl", "aspectRatio", "seed", "referenceImage");
    }

    @Test
    void a2eAnswersSucceedWithCodeZeroAndFailByHttpStatus() {
        Provider a2e = i2v.provider();
        Envelope.Answer ok = a2e.read(200, json("{\"code\":0,\"data\":{\"_id\":\"t1\"},\"trace_id\":\"tr\"}"));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.data().path("_id").asString()).isEqualTo("t1");
        assertThat(ok.traceId()).isEqualTo("tr");
        assertThat(a2e.read(200, json("{\"data\":{}}")).ok()).isTrue();
        assertThat(a2e.read(200, json("{\"code\":1001,\"msg\":\"no\"}")).error()).isEqualTo(ErrorKind.REJECTED);
        Map<Integer, ErrorKind> byStatus = Map.of(400, ErrorKind.REJECTED, 401, ErrorKind.UNAUTHORIZED,
                402, ErrorKind.OUT_OF_CREDITS, 403, ErrorKind.REJECTED, 404, ErrorKind.NOT_FOUND,
                429, ErrorKind.RATE_LIMITED, 500, ErrorKind.SERVER_ERROR, 503, ErrorKind.SERVER_ERROR);
        byStatus.forEach((status, kind) -> assertThat(a2e.read(status,
                json("{\"success\":false,\"error\":\"why\",\"code\":\"X\"}"))).as("HTTP " + status)
                .satisfies(a -> {
                    assertThat(a.error()).isEqualTo(kind);
                    assertThat(a.message()).isEqualTo("why");
                }));
    }

    @Test
    void kieAnswersAreHttp200WithTheRealStatusInTheBodysCode() {
        Provider kie = aleph.provider();
        Envelope.Answer ok = kie.read(200, json("{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"t\"}}"));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.data().path("taskId").asString()).isEqualTo("t");
        Map<Integer, ErrorKind> byCode = Map.of(401, ErrorKind.UNAUTHORIZED, 404, ErrorKind.NOT_FOUND,
                422, ErrorKind.REJECTED, 451, ErrorKind.REJECTED, 429, ErrorKind.RATE_LIMITED,
                455, ErrorKind.UNAVAILABLE, 500, ErrorKind.SERVER_ERROR, 400, ErrorKind.REJECTED,
                503, ErrorKind.SERVER_ERROR);
        byCode.forEach((code, kind) -> assertThat(kie.read(200, json("{\"code\":" + code + ",\"msg\":\"m\"}")))
                .as("code " + code).satisfies(a -> {
                    assertThat(a.error()).isEqualTo(kind);
                    assertThat(a.status()).isEqualTo(code);
                    assertThat(a.message()).isEqualTo("m");
                }));
        assertThat(kie.read(200, json("{\"msg\":\"success\"}")).error()).isEqualTo(ErrorKind.UNEXPECTED_RESPONSE);
        assertThat(kie.read(200, json("{\"code\":\"200\"}")).error()).isEqualTo(ErrorKind.UNEXPECTED_RESPONSE);
        assertThat(kie.read(200, null).error()).isEqualTo(ErrorKind.UNEXPECTED_RESPONSE);
        assertThat(kie.read(502, null).error()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(ErrorKind.UNAVAILABLE.retryable()).isTrue();
        assertThat(ErrorKind.UNAVAILABLE.mayHaveCreatedTask()).isFalse();
        assertThat(ErrorKind.SERVER_ERROR.mayHaveCreatedTask()).isTrue();
    }

    @Test
    void alephsSuccessFlagIsDecidedWithTheErrorFieldsTheCompletionTimeAndTheResultUrl() {
        Map<String, TaskState> cases = Map.of(
                """
                {"taskId":"t","successFlag":1,"errorCode":0,"errorMessage":"","completeTime":"2023-08-15T14:30:45Z",
                 "response":{"resultVideoUrl":"https://file.com/k/x.mp4"}}""", TaskState.COMPLETED,
                "{\"taskId\":\"t\",\"successFlag\":0,\"errorCode\":0,\"errorMessage\":\"\",\"completeTime\":null}",
                TaskState.PROCESSING,
                "{\"taskId\":\"t\",\"successFlag\":0}", TaskState.PROCESSING,
                "{\"taskId\":\"t\",\"successFlag\":0,\"errorCode\":400,\"errorMessage\":\"moderated\"}",
                TaskState.FAILED,
                "{\"taskId\":\"t\",\"successFlag\":0,\"errorCode\":0,\"errorMessage\":\"input unreachable\"}",
                TaskState.FAILED,
                "{\"taskId\":\"t\",\"successFlag\":0,\"completeTime\":\"2023-08-15T14:30:45Z\"}", TaskState.FAILED,
                "{\"taskId\":\"t\",\"successFlag\":1,\"response\":{\"resultVideoUrl\":\"\"}}", TaskState.PROCESSING,
                "{\"taskId\":\"t\"}", TaskState.UNKNOWN);
        cases.forEach((record, state) -> assertThat(aleph.state(json(record))).as(record).isEqualTo(state));
        assertThat(aleph.provider().status().raw(json("{\"successFlag\":0}"), aleph.fields()))
                .isEqualTo("successFlag=0");
    }

    @Test
    void a2eStatesAreTheWireNamesOfCurrentStatus() {
        assertThat(i2v.state(json("{\"current_status\":\"completed\"}"))).isEqualTo(TaskState.COMPLETED);
        assertThat(i2v.state(json("{\"current_status\":\"sent\"}"))).isEqualTo(TaskState.SENT);
        assertThat(i2v.state(json("{\"current_status\":\"weird\"}"))).isEqualTo(TaskState.UNKNOWN);
    }

    @Test
    void aCallbackNamesItsTaskAtTheTopLevelAsTheSchemaSaysOrInDataAsTheSampleCodeReads() {
        CallbackShape callbacks = aleph.provider().callbacks().orElseThrow();
        assertThat(callbacks.requestField()).isEqualTo("callBackUrl");
        JsonNode schemaShape = json("""
                {"code":200,"msg":"success","data":{"result_video_url":"https://f/x.mp4"},"taskId":"t-top"}""");
        JsonNode sampleShape = json("{\"code\":400,\"msg\":\"moderated\",\"data\":{\"task_id\":\"t-data\"}}");
        assertThat(callbacks.taskId(schemaShape)).contains("t-top");
        assertThat(callbacks.reportsSuccess(schemaShape)).isTrue();
        assertThat(callbacks.taskId(sampleShape)).contains("t-data");
        assertThat(callbacks.reportsSuccess(sampleShape)).isFalse();
        assertThat(callbacks.message(sampleShape)).isEqualTo("moderated");
        assertThat(callbacks.taskId(json("{\"code\":200,\"data\":null}"))).isEmpty();
        assertThat(i2v.provider().callbacks()).isEmpty();
    }

    @Test
    void aTaskWhoseEchoedRequestCarriesAnotherCallbackUrlIsNotTheRowsTask() {
        CallbackShape callbacks = aleph.provider().callbacks().orElseThrow();
        String url = "https://hooks.example/cb?run=3f9c1a20&key=k1&sig=ab";
        JsonNode ours = json("{\"taskId\":\"t\",\"paramJson\":\"{\\\"prompt\\\":\\\"p\\\",\\\"callBackUrl\\\":\\\""
                + url + "\\\"}\"}");
        JsonNode other = json("{\"taskId\":\"t\",\"paramJson\":\"{\\\"callBackUrl\\\":\\\"https://elsewhere.example\\\"}\"}");

        assertThat(callbacks.requestEcho()).isEqualTo("paramJson");
        assertThat(callbacks.mayBeStartedWith(ours, url)).isTrue();
        assertThat(callbacks.mayBeStartedWith(other, url)).isFalse();
        assertThat(callbacks.mayBeStartedWith(json("{\"taskId\":\"t\",\"paramJson\":\"{}\"}"), url)).isFalse();
        assertThat(callbacks.mayBeStartedWith(json("{\"taskId\":\"t\"}"), url)).as("nothing echoed").isTrue();
    }

    @Test
    void resultFieldsReadDottedPathsAndTreatAnEmptyNameAsAbsent() {
        JsonNode record = json("{\"a\":{\"b\":\"x\",\"n\":3},\"c\":null}");
        assertThat(ResultFields.text(record, "a.b")).isEqualTo("x");
        assertThat(ResultFields.text(record, "a.n")).isEqualTo("3");
        assertThat(ResultFields.text(record, "a.z")).isEmpty();
        assertThat(ResultFields.text(record, "c.d")).isEmpty();
        assertThat(ResultFields.text(record, "")).isEmpty();
    }
}
