package io.a2ebatch.benchmarks.process;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

/**
 * The live heap of another JVM: attaches to it (JDK attach API), starts its local JMX agent and asks its
 * {@link MemoryMXBean} for a full collection, then for the heap in use. What survives a full collection is
 * what the process holds on to; the heap after an ordinary young collection also counts old garbage not
 * yet collected, which says more about the collector's pacing than about the program.
 */
public final class LiveHeapProbe implements AutoCloseable {

    private final VirtualMachine vm;
    private final JMXConnector connector;
    private final MemoryMXBean memory;

    private LiveHeapProbe(VirtualMachine vm, JMXConnector connector, MemoryMXBean memory) {
        this.vm = vm;
        this.connector = connector;
        this.memory = memory;
    }

    /** Attaches to the JVM with this process id. */
    public static LiveHeapProbe attach(long pid) throws IOException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new IOException("cannot attach to JVM " + pid + ": " + e.getMessage(), e);
        }
        try {
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(connector.getMBeanServerConnection(),
                    ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            return new LiveHeapProbe(vm, connector, memory);
        } catch (IOException | RuntimeException e) {
            vm.detach();
            throw e;
        }
    }

    /** Runs a full collection in the target and returns the heap still in use, in bytes. */
    public long liveHeapBytes() {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException ignored) {
            // The target may have exited; there is nothing left to release on its side.
        }
        try {
            vm.detach();
        } catch (IOException ignored) {
            // Same: a detach from an exited JVM has nothing to undo.
        }
    }
}
