package io.a2ebatch.contract.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The interactions of one scenario, in the order they were captured. Every interaction is also
 * added to {@link #suite()}, from which the coverage table is built. Thread-safe: the simulator's
 * request threads and the client's threads add to it concurrently.
 */
public final class CapturedTraffic {

    private static final CapturedTraffic SUITE = new CapturedTraffic(null);

    private final CapturedTraffic parent;
    private final List<Interaction> interactions = new ArrayList<>();

    private CapturedTraffic(CapturedTraffic parent) {
        this.parent = parent;
    }

    /** A new, empty capture whose interactions also count for the whole suite. */
    public static CapturedTraffic forScenario() {
        return new CapturedTraffic(SUITE);
    }

    /** Every interaction captured in this JVM so far. */
    public static CapturedTraffic suite() {
        return SUITE;
    }

    public void add(Interaction interaction) {
        synchronized (interactions) {
            interactions.add(interaction);
        }
        if (parent != null) {
            parent.add(interaction);
        }
    }

    /** A snapshot of everything captured, in capture order. */
    public List<Interaction> all() {
        synchronized (interactions) {
            return List.copyOf(interactions);
        }
    }

    /** A snapshot of the interactions {@code filter} accepts. */
    public List<Interaction> matching(Predicate<Interaction> filter) {
        return all().stream().filter(filter).toList();
    }

    /** The requests the client under test sent, with their answers. */
    public List<Interaction> fromClient() {
        return matching(Interaction::sentByClient);
    }
}
