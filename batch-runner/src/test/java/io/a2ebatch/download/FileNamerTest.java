package io.a2ebatch.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FileNamerTest {

    private final FileNamer byKey = new FileNamer("{key}.{ext}");

    @Test
    void keepsSafeKeysAsTheyAreAndFillsEveryPlaceholder() {
        assertThat(byKey.name("row-17_a.b", "userText2Image", "abc", "png")).isEqualTo("row-17_a.b.png");
        assertThat(new FileNamer("{key}-{type}-{task_id}.{ext}").name("k", "headSwap", "64f0", "mp4"))
                .isEqualTo("k-headSwap-64f0.mp4");
    }

    @Test
    void escapesUnsafeCharactersSoThatNoKeyEscapesTheDirectoryOrCollidesWithAnother() {
        List<String> keys = List.of("a/b", "a_b", "a%2Fb", "../etc/passwd", ".", "..", ".hidden", "a b", "a:b",
                "é", "e\u0301", "a\\b", "a\u0000b", "CON", "a%b", "a~b");
        Set<String> names = new HashSet<>();
        for (String key : keys) {
            String name = byKey.name(key, "t", "id", "png");
            assertThat(name).doesNotContain("/").doesNotContain("\\").doesNotStartWith(".")
                    .doesNotContain("\u0000").doesNotContain(" ");
            assertThat(names.add(name)).as("name of '%s' is unique: %s", key, name).isTrue();
        }
        assertThat(byKey.name("a/b", "t", "id", "png")).isEqualTo("a%2Fb.png");
        assertThat(byKey.name("a%2Fb", "t", "id", "png")).isEqualTo("a%252Fb.png");
    }

    @Test
    void shortensVeryLongKeysWithAHashOfTheWholeKey() {
        String a = "x".repeat(300) + "a";
        String b = "x".repeat(300) + "b";
        assertThat(byKey.name(a, "t", "id", "mp4")).hasSizeLessThan(220).isNotEqualTo(byKey.name(b, "t", "id", "mp4"));
    }

    @Test
    void refusesTemplatesThatWouldGiveRowsOneNameOrAPath() {
        assertThatThrownBy(() -> new FileNamer("{type}.{ext}")).hasMessageContaining("needs {key}");
        assertThatThrownBy(() -> new FileNamer("{key}/{ext}")).hasMessageContaining("not a path");
        assertThatThrownBy(() -> new FileNamer("{kee}.{ext}")).hasMessageContaining("unknown placeholder {kee}");
    }

    @Test
    void takesTheExtensionFromTheContentTypeThenTheUrl() {
        assertThat(FileNamer.extension("video/mp4", "https://cdn/x")).isEqualTo("mp4");
        assertThat(FileNamer.extension("image/jpeg; charset=binary", "https://cdn/x.png")).isEqualTo("jpg");
        assertThat(FileNamer.extension("application/octet-stream", "https://cdn/a/b.WEBM?sig=1")).isEqualTo("webm");
        assertThat(FileNamer.extension(null, "https://cdn/a/b")).isEqualTo("bin");
    }

    @Test
    void parsesDownloadRates() {
        assertThat(ByteRate.parse("20MB")).isEqualTo(20L << 20);
        assertThat(ByteRate.parse("500KB/s")).isEqualTo(500L << 10);
        assertThat(ByteRate.parse("unlimited")).isZero();
        assertThatThrownBy(() -> ByteRate.parse("fast")).hasMessageContaining("'fast' is not a download rate");
    }
}
