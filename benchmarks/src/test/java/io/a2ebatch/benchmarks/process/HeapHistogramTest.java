package io.a2ebatch.benchmarks.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class HeapHistogramTest {

    /**
     * Four rows of what JDK 25's {@code GC.class_histogram} printed for the runner mid-run, a row of the
     * small fillers' class, and the Total line of these rows.
     */
    private static final String JDK25_HISTOGRAM = """
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         70783       12961712  [B (java.base@25.0.3)
               2:           437        6088184  [Ljdk.internal.vm.FillerElement; (java.base@25.0.3)
               3:         64894        1557456  java.lang.String (java.base@25.0.3)
               4:          3050         317200  io.a2ebatch.ledger.LedgerRow
               5:            12            192  jdk.internal.vm.FillerObject (java.base@25.0.3)
            Total        139176       20924744
            """;

    @Test
    void countsTheCollectorsFillerObjectsAsDeadSpaceNotAsLiveHeap() {
        HeapHistogram histogram = HeapHistogram.parse(JDK25_HISTOGRAM);

        assertThat(histogram.totalBytes()).isEqualTo(20_924_744);
        assertThat(histogram.fillerBytes()).isEqualTo(6_088_184 + 192);
        assertThat(histogram.liveBytes()).isEqualTo(12_961_712 + 1_557_456 + 317_200);
    }

    @Test
    void readsTheHistogramThisJvmProducesThroughItsDiagnosticCommandMBean() throws Exception {
        String text = LiveHeapProbe.histogramText(ManagementFactory.getPlatformMBeanServer());

        HeapHistogram histogram = HeapHistogram.parse(text);

        long rows = 0;
        Matcher row = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s").matcher(text);
        while (row.find()) {
            rows += Long.parseLong(row.group(1));
        }
        assertThat(histogram.totalBytes()).isPositive().isEqualTo(rows);
        assertThat(histogram.liveBytes()).isPositive().isLessThanOrEqualTo(histogram.totalBytes());
    }

    @Test
    void refusesTextThatIsNoHistogram() {
        assertThatThrownBy(() -> HeapHistogram.parse("Permission denied"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a class histogram")
                .hasMessageContaining("Permission denied");
    }
}
