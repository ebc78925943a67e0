package io.a2ebatch.benchmarks.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class ProcStatusTest {

    @Test
    void readsKilobyteFieldsAsBytes() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 9000000 kB", "VmHWM:\t  579596 kB", "VmRSS:\t  500000 kB");

        assertThat(ProcStatus.kilobytes(status, "VmHWM:")).hasValue(579_596L * 1024);
        assertThat(ProcStatus.kilobytes(status, "VmSwap:")).isEmpty();
    }

    @Test
    void readsThePeakResidentSetOfALiveProcess() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux's /proc");

        OptionalLong peak = ProcStatus.peakRssBytes(ProcessHandle.current().pid());

        // A running JVM holds at least its loaded classes and part of its heap resident.
        assertThat(peak).isPresent();
        assertThat(peak.getAsLong()).isGreaterThan(Runtime.getRuntime().totalMemory() / 100);
    }

    @Test
    void readsUserPlusSystemTicksAsCpuSecondsWhateverTheCommandNameHolds() {
        String stat = "4242 (java (a) b) S 1 4242 4242 0 -1 4194560 9000 0 0 0 250 37 0 0 20 0 30 0 100 0 0";

        assertThat(ProcStatus.cpuSeconds(stat)).hasValue(2.87);
    }
}
