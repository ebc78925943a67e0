package io.a2ebatch.benchmarks.process;

import java.io.IOException;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

/**
 * The live heap of another JVM: attaches to it (JDK attach API), starts its local JMX agent and asks its
 * DiagnosticCommand MBean for a class histogram, which runs a full collection first, then counts the bytes
 * of the objects still reachable ({@link HeapHistogram}). What survives a full collection is what the
 * process holds on to; the heap after an ordinary young collection also counts old garbage not yet
 * collected, which says more about the collector's pacing than about the program. The histogram rather
 * than the heap's "used" figure, which also counts the collector's dead space ({@link HeapHistogram}).
 */
public final class LiveHeapProbe implements AutoCloseable {

    private static final ObjectName DIAGNOSTIC_COMMAND = diagnosticCommand();

    private final VirtualMachine vm;
    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private LiveHeapProbe(VirtualMachine vm, JMXConnector connector, MBeanServerConnection server) {
        this.vm = vm;
        this.connector = connector;
        this.server = server;
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
            return new LiveHeapProbe(vm, connector, connector.getMBeanServerConnection());
        } catch (IOException | RuntimeException e) {
            vm.detach();
            throw e;
        }
    }

    /** Runs a full collection in the target and returns its class histogram's figures. */
    public HeapHistogram histogram() throws IOException {
        return HeapHistogram.parse(histogramText(server));
    }

    /**
     * The text of {@code GC.class_histogram} from the JVM behind {@code server} (a full collection
     * first), through its DiagnosticCommand MBean.
     */
    static String histogramText(MBeanServerConnection server) throws IOException {
        try {
            return (String) server.invoke(DIAGNOSTIC_COMMAND, "gcClassHistogram", new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IOException("the class histogram of the measured JVM failed: " + e.getMessage(), e);
        }
    }

    private static ObjectName diagnosticCommand() {
        try {
            return new ObjectName("com.sun.management:type=DiagnosticCommand");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
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
