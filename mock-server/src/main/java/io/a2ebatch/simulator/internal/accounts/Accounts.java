package io.a2ebatch.simulator.internal.accounts;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.a2ebatch.simulator.TokenMask;
import io.a2ebatch.simulator.internal.lifecycle.TaskStore;
import io.a2ebatch.simulator.internal.throttle.TokenBucket;

/**
 * The bearer tokens the simulator accepts, each its own account in the {@link TaskStore}. Accounts
 * are keyed by the token's SHA-256, so the state journal never holds a token; a token the journal
 * already knows keeps its balance instead of the configured starting credits.
 */
public final class Accounts {

    private final TaskStore store;
    private final ConcurrentHashMap<String, Credential> byToken = new ConcurrentHashMap<>();

    public Accounts(TaskStore store) {
        this.store = store;
    }

    /** Accepts these tokens, opening an account with {@code credits} for each one that has none. */
    public void accept(List<String> tokens, long credits) {
        for (String token : tokens) {
            accept(token, credits);
        }
    }

    /** Accepts a token, opening an account with {@code credits} if it has none. */
    public Credential accept(String token, long credits) {
        return byToken.computeIfAbsent(token, t -> new Credential(t,
                store.openAccount(TokenMask.key(t), TokenMask.mask(t), credits), new TokenBucket()));
    }

    /** The credential of an accepted token, enabled or not. */
    public Optional<Credential> find(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    /**
     * The credential of an accepted token.
     *
     * @throws IllegalArgumentException naming the (masked) token when it is not accepted
     */
    public Credential require(String token) {
        Credential credential = byToken.get(token);
        if (credential == null) {
            throw new IllegalArgumentException("The simulator does not know the token " + TokenMask.mask(token)
                    + "; add it first (setTokenEnabled(token, true), POST /__a2e/tokens or --token)");
        }
        return credential;
    }

    /** Forgets every token (the store is cleared separately). */
    public void clear() {
        byToken.clear();
    }
}
