package io.a2ebatch.throttle;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import io.a2ebatch.client.A2eApiException;
import io.a2ebatch.client.RateLimitedException;
import io.a2ebatch.spec.family.Provider;

/**
 * The one way requests leave the runner: each takes a permit from the shared {@link Permits},
 * and a 429 holds every caller back for its {@code Retry-After}. Reads, which are idempotent, can be
 * sent with retries; start requests are sent once, because whether to repeat them is a decision
 * that needs a look-up first.
 * <p>
 * Each provider may have a rate budget of its own ({@link #forProvider}): a 429 from kie.ai then
 * pauses only kie.ai's requests. A provider without one shares this gate's.
 */
public final class RequestGate {

    private final Permits limiter;
    private final Backoff backoff;
    private final Ticker ticker;
    private final RandomGenerator random;
    private final Map<String, Permits> providerLimiters;
    private final Map<String, RequestGate> providerGates = new ConcurrentHashMap<>();

    public RequestGate(Permits limiter, Backoff backoff, Ticker ticker, RandomGenerator random) {
        this(limiter, Map.of(), backoff, ticker, random);
    }

    /**
     * @param limiter          the rate budget of providers without one of their own (this process's, or
     *                         a fleet's around it)
     * @param providerLimiters rate budgets by provider id
     */
    public RequestGate(Permits limiter, Map<String, ? extends Permits> providerLimiters, Backoff backoff,
                       Ticker ticker, RandomGenerator random) {
        this.limiter = limiter;
        this.providerLimiters = Map.copyOf(providerLimiters);
        this.backoff = backoff;
        this.ticker = ticker;
        this.random = random;
    }

    /** The gate of a provider's requests: its own rate budget, or this gate's if it has none. */
    public RequestGate forProvider(Provider provider) {
        Permits own = providerLimiters.get(provider.id());
        if (own == null) {
            return this;
        }
        return providerGates.computeIfAbsent(provider.id(), id -> new RequestGate(own, backoff, ticker, random));
    }

    public Backoff backoff() {
        return backoff;
    }

    /** Sends one request under the rate limit; a 429 pauses all callers, then is rethrown. */
    public <T> T send(Supplier<T> request) throws InterruptedException {
        limiter.acquire();
        return sendWithPermit(request);
    }

    private <T> T sendWithPermit(Supplier<T> request) {
        try {
            return request.get();
        } catch (RateLimitedException e) {
            limiter.pauseFor(e.retryAfter().orElse(backoff.initial()));
            throw e;
        }
    }

    /**
     * Sends an idempotent read, retrying what {@link A2eApiException#retryable()} allows with
     * backoff. A 429 is not counted as a failed attempt: it says "later", not "broken".
     *
     * @throws A2eApiException the last error once attempts run out, or a non-retryable one at once
     */
    public <T> T read(Supplier<T> request) throws InterruptedException {
        return read(request, limiter::acquire);
    }

    /**
     * A {@link #read} that can wait: each attempt first gives way to requests that cannot (starts,
     * look-ups) for up to {@code maxYield} (see {@link RateLimiter#acquireYielding}).
     */
    public <T> T poll(Supplier<T> request, Duration maxYield) throws InterruptedException {
        return read(request, () -> limiter.acquireYielding(maxYield));
    }

    private <T> T read(Supplier<T> request, Permit permit) throws InterruptedException {
        int attempt = 1;
        int rateLimited = 0;
        while (true) {
            try {
                permit.take();
                return sendWithPermit(request);
            } catch (RateLimitedException e) {
                rateLimited++;
                waitBeforeRetry(rateLimited, e);
            } catch (A2eApiException e) {
                if (!e.retryable() || !backoff.allowsAnotherAfter(attempt)) {
                    throw e;
                }
                waitBeforeRetry(attempt, e);
                attempt++;
            }
        }
    }

    @FunctionalInterface
    private interface Permit {
        void take() throws InterruptedException;
    }

    /** Sleeps the backoff for retry number {@code attempt} after {@code error}. */
    public void waitBeforeRetry(int attempt, A2eApiException error) throws InterruptedException {
        Optional<Duration> retryAfter = error instanceof RateLimitedException r ? r.retryAfter() : Optional.empty();
        ticker.sleep(backoff.delay(attempt, retryAfter, random));
    }
}
