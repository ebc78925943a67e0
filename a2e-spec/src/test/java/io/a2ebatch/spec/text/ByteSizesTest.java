package io.a2ebatch.spec.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizesTest {

    @Test
    void readsSizesWithBinaryUnitsSpacesAndFractions() {
        assertThat(ByteSizes.parseSize("5MB")).isEqualTo(5L << 20);
        assertThat(ByteSizes.parseSize("200 KB")).isEqualTo(200L << 10);
        assertThat(ByteSizes.parseSize("1.5GiB")).isEqualTo(3L << 29);
        assertThat(ByteSizes.parseSize("1000")).isEqualTo(1000);
        assertThat(ByteSizes.parseSize("12b")).isEqualTo(12);
    }

    @Test
    void readsRatesWithOrWithoutPerSecondAndUnlimitedAsZero() {
        assertThat(ByteSizes.parseRate("2MB/s")).isEqualTo(2L << 20);
        assertThat(ByteSizes.parseRate("500KB")).isEqualTo(500L << 10);
        assertThat(ByteSizes.parseRate("unlimited")).isZero();
        assertThat(ByteSizes.parseRate("0")).isZero();
    }

    @Test
    void saysWhatIsAcceptedForAnythingElse() {
        assertThatThrownBy(() -> ByteSizes.parseSize("five")).hasMessage("'five' is not a size; write 5MB, 200KB or a"
                + " number of bytes");
        assertThatThrownBy(() -> ByteSizes.parseSize("-1MB")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> ByteSizes.parseRate("fast")).hasMessageStartingWith("'fast' is not a rate");
        assertThatThrownBy(() -> ByteSizes.parseRate("NaN")).hasMessageStartingWith("'NaN' is not a rate");
    }
}
