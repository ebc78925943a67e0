package io.a2ebatch.client;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the requests a client sent, by kind, and the 429s it received; the run summary reports
 * requests per task from it. One per process, and one per fleet partition
 * ({@link A2eClient#countingInto}).
 */
public final class RequestCounter {

    private final AtomicLongArray sent = new AtomicLongArray(ApiCall.values().length);
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    void recordSent(ApiCall call) {
        sent.incrementAndGet(call.ordinal());
    }

    void recordRateLimited() {
        rateLimited.incrementAndGet();
    }

    void recordFailure() {
        failed.incrementAndGet();
    }

    public long total() {
        long total = 0;
        for (int i = 0; i < sent.length(); i++) {
            total += sent.get(i);
        }
        return total;
    }

    public long count(ApiCall call) {
        return sent.get(call.ordinal());
    }

    public Map<ApiCall, Long> byCall() {
        Map<ApiCall, Long> map = new EnumMap<>(ApiCall.class);
        for (ApiCall call : ApiCall.values()) {
            map.put(call, sent.get(call.ordinal()));
        }
        return map;
    }

    /** 429 responses received. */
    public long rateLimited() {
        return rateLimited.get();
    }

    /** Requests that ended in an error of any kind (429 included). */
    public long failed() {
        return failed.get();
    }
}
