package io.cellota.server.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API token for an integration, as stored and listed: its public id, what it is for, its role, who made it and
 * when, when it expires and when it was last used. The secret is not here: it is shown once by
 * {@link ApiTokens#create} and kept only as a hash.
 *
 * @param id         16 lower-case hex digits, the public part of {@code cellota_<id>_<secret>}
 * @param name       what it is for, 1..128 printable characters
 * @param role       what it may do
 * @param createdBy  the admin who made it
 * @param createdAt  when
 * @param expiresAt  when it stops working; empty: never
 * @param lastUsedAt when it last authenticated a request (to the minute); empty: never
 */
public record ApiToken(String id, String name, Role role, String createdBy, Instant createdAt,
                       Optional<Instant> expiresAt, Optional<Instant> lastUsedAt) {

    /** A token id. */
    public static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a token id is 16 lower-case hex digits");
        }
        if (name.isBlank() || name.length() > 128 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a token name is 1..128 printable characters");
        }
    }

    /** Whether the token has expired at {@code now}. */
    public boolean expired(Instant now) {
        return expiresAt.map(e -> !now.isBefore(e)).orElse(false);
    }
}
