package io.a2ebatch.spec.family;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class FamilyCatalogTest {

    private final FamilyCatalog catalog = FamilyCatalog.bundled();

    @Test
    void derivesEveryAsyncFamilyWithAStartAndADetailOperation() {
        assertThat(catalog.families()).extracting(TaskFamily::name).containsExactlyInAnyOrder(
                "userFaceSwapTask", "userDubbing", "userCaptionRemoval", "userUpscale", "userText2Image",
                "userNanoBanana", "userGptImage", "userWan26Image", "userWan27Image", "userFlux2",
                "userImageEdit", "userImage2Video", "userWan25", "userWan26R2V", "talkingPhoto",
                "talkingVideo", "virtualTryOn", "thinkSound", "motionTransfer", "actorSwap",
                "productAvatar", "headSwap", "veoVideo", "klingVideo", "klingOmni", "grokVideo");
    }

    @Test
    void leavesOutResourcesThatAreNotTasks() {
        assertThat(catalog.find("userFaceSwapImage")).isEmpty();
        assertThat(catalog.find("custom_back")).isEmpty();
        assertThat(catalog.find("userVoice")).isEmpty();
    }

    @Test
    void readsEachFamilysOwnPathShapes() {
        TaskFamily nano = catalog.require("userNanoBanana");
        assertThat(nano.start().label()).isEqualTo("POST /api/v1/userNanoBanana/start");
        assertThat(nano.detail().path("abc")).isEqualTo("/api/v1/userNanoBanana/detail/abc");
        assertThat(nano.delete()).map(Endpoint::pathTemplate).contains("/api/v1/userNanoBanana/delete/{id}");
        assertThat(nano.list()).map(Endpoint::pathTemplate).contains("/api/v1/userNanoBanana/allRecords");
        assertThat(nano.list().orElseThrow().queryParameters()).contains("pageNum", "pageSize");

        TaskFamily gpt = catalog.require("userGptImage");
        assertThat(gpt.list()).map(Endpoint::pathTemplate).contains("/api/v1/userGptImage/list");
        assertThat(gpt.detail().pathTemplate()).isEqualTo("/api/v1/userGptImage/detail/{id}");
        assertThat(gpt.delete()).map(Endpoint::pathTemplate).contains("/api/v1/userGptImage/{id}");

        TaskFamily faceSwap = catalog.require("userFaceSwapTask");
        assertThat(faceSwap.start().pathTemplate()).isEqualTo("/api/v1/userFaceSwapTask/add");
        assertThat(faceSwap.list()).map(Endpoint::pathTemplate).contains("/api/v1/userFaceSwapTask/records");
        assertThat(faceSwap.batchDetail()).map(Endpoint::label).contains("POST /api/v1/userFaceSwapTask/batchDetail");
    }

    @Test
    void dubbingHasNoBatchDetailAndNoDescribedBody() {
        TaskFamily dubbing = catalog.require("userDubbing");
        assertThat(dubbing.start().pathTemplate()).isEqualTo("/api/v1/userDubbing/startDubbing");
        assertThat(dubbing.batchDetail()).isEmpty();
        assertThat(dubbing.requestSchema().properties()).isEmpty();
    }

    @Test
    void takesRecordFieldNamesFromTheDocPagesAndTheSpecProse() {
        assertThat(catalog.require("userImage2Video").fields().failedMessage()).isEqualTo("failed_message");
        assertThat(catalog.require("userFaceSwapTask").fields().failedMessage()).isEqualTo("faild_message");
        assertThat(catalog.require("userFaceSwapTask").fields().failedCode()).isEqualTo("error_code");
        assertThat(catalog.require("productAvatar").fields().resultUrl()).isEqualTo("result_image_url");
        assertThat(catalog.require("headSwap").fields().resultUrl()).isEqualTo("result_url");
        assertThat(catalog.require("headSwap").fields().status()).isEqualTo("current_status");
    }

    @Test
    void knowsWhichFamiliesTakeATaskName() {
        assertThat(catalog.require("userImage2Video").acceptsName()).isTrue();
        assertThat(catalog.require("headSwap").acceptsName()).isFalse();
    }

    @Test
    void findsFamiliesByAliasIgnoringCaseDashesAndUnderscores() {
        assertThat(catalog.find("userImage2Video")).map(TaskFamily::name).contains("userImage2Video");
        assertThat(catalog.find("image2video")).map(TaskFamily::name).contains("userImage2Video");
        assertThat(catalog.find("USER-IMAGE2VIDEO")).map(TaskFamily::name).contains("userImage2Video");
        assertThat(catalog.find("i2v")).map(TaskFamily::name).contains("userImage2Video");
        assertThat(catalog.find("face_swap")).map(TaskFamily::name).contains("userFaceSwapTask");
        assertThat(catalog.find("head-swap")).map(TaskFamily::name).contains("headSwap");
        assertThat(catalog.find("nope")).isEqualTo(Optional.empty());
    }
}
