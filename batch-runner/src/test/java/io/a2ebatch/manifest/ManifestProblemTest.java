package io.a2ebatch.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ManifestProblemTest {

    private final Path file = Path.of("some", "dir", "orders.csv");

    @Test
    void formatsFileLineColumnFieldAndReasonWithoutTheDirectory() {
        assertThat(new ManifestProblem(file, 12, 4, "video_time", "expected an integer, got \"abc\"").format())
                .isEqualTo("orders.csv:12:4 video_time: expected an integer, got \"abc\"");
    }

    @Test
    void leavesOutWhatIsNotKnown() {
        assertThat(new ManifestProblem(file, 12, 0, "image_url", "is required").format())
                .isEqualTo("orders.csv:12 image_url: is required");
        assertThat(new ManifestProblem(file, 7, 0, "", "is not valid UTF-8").format())
                .isEqualTo("orders.csv:7: is not valid UTF-8");
        assertThat(new ManifestProblem(file, 0, 0, null, "is empty").format()).isEqualTo("orders.csv: is empty");
    }

    @Test
    void escapesControlCharactersSoAProblemStaysOnOneLine() {
        assertThat(new ManifestProblem(file, 3, 5, "model", "\"a\nb\tc\u0001\" is not one of x").format())
                .isEqualTo("orders.csv:3:5 model: \"a\\nb\\tc\\u0001\" is not one of x");
    }
}
