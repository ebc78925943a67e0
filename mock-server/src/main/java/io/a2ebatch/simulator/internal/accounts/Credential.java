package io.a2ebatch.simulator.internal.accounts;

import io.a2ebatch.simulator.internal.lifecycle.Account;
import io.a2ebatch.simulator.internal.throttle.TokenBucket;

/**
 * An accepted bearer token with its account and rate limit.
 *
 * @param token   the token itself; never shown, see {@link #mask()}
 * @param account the account it acts for
 * @param bucket  its rate limit
 */
public record Credential(String token, Account account, TokenBucket bucket) {

    /** The masked token. */
    public String mask() {
        return account.mask();
    }

    @Override
    public String toString() {
        return "Credential[" + mask() + "]";
    }
}
