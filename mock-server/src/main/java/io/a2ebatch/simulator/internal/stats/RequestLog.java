package io.a2ebatch.simulator.internal.stats;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.a2ebatch.simulator.LoggedRequest;

/** The bounded log of recent requests: the oldest entry goes when a new one would exceed the capacity. */
public final class RequestLog {

    private final ArrayDeque<LoggedRequest> entries = new ArrayDeque<>();
    private int capacity;

    public RequestLog(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(LoggedRequest entry) {
        if (capacity == 0) {
            return;
        }
        while (entries.size() >= capacity) {
            entries.pollFirst();
        }
        entries.addLast(entry);
    }

    /** Changes the capacity, dropping the oldest entries beyond it. */
    public synchronized void capacity(int capacity) {
        this.capacity = capacity;
        while (entries.size() > capacity) {
            entries.pollFirst();
        }
    }

    /** The most recent {@code limit} entries, oldest first. */
    public synchronized List<LoggedRequest> recent(int limit) {
        int skip = Math.max(0, entries.size() - limit);
        List<LoggedRequest> out = new ArrayList<>(entries.size() - skip);
        Iterator<LoggedRequest> it = entries.iterator();
        for (int i = 0; it.hasNext(); i++) {
            LoggedRequest entry = it.next();
            if (i >= skip) {
                out.add(entry);
            }
        }
        return out;
    }

    public synchronized void clear() {
        entries.clear();
    }
}
