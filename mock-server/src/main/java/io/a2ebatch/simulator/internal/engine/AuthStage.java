package io.a2ebatch.simulator.internal.engine;

import java.util.Optional;

import io.a2ebatch.simulator.TokenMask;
import io.a2ebatch.simulator.internal.accounts.Accounts;
import io.a2ebatch.simulator.internal.accounts.Credential;
import io.a2ebatch.simulator.internal.http.ApiError;
import io.a2ebatch.simulator.internal.http.ApiResponse;

/** Bearer authentication: a missing, malformed, unknown or disabled token is a 401 with its own message. */
final class AuthStage implements Stage {

    private final Accounts accounts;

    AuthStage(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public ApiResponse handle(Call call, Next next) {
        String token = call.token();
        if (token == null) {
            boolean hasHeader = call.request().header("Authorization").map(h -> !h.isBlank()).orElse(false);
            throw new ApiError(401, "UNAUTHORIZED", hasHeader
                    ? "The Authorization header is not 'Bearer <API token>'; send Authorization: Bearer sk_..."
                    : "No Authorization header; send Authorization: Bearer <API token>");
        }
        Credential credential = accounts.find(token).orElseThrow(() -> new ApiError(401, "UNAUTHORIZED",
                "The bearer token " + TokenMask.mask(token) + " is not a valid API token; check the token you send"));
        if (!credential.account().enabled()) {
            throw new ApiError(401, "UNAUTHORIZED", "The API token " + credential.mask()
                    + " has been disabled; enable it again or use another token");
        }
        return next.proceed(call.authenticated(credential));
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or {@code null}. */
    static String bearerToken(Optional<String> header) {
        String value = header.orElse("").trim();
        if (value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = value.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }
}
