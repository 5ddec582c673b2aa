package io.cellota.server.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a user or token may do, each role including the ones below it: a {@link #VIEWER} reads, an
 * {@link #OPERATOR} also changes devices, firmware, updates (and campaigns), an {@link #ADMIN} also manages users
 * and API tokens. {@link AccessRule} says which role a request needs.
 */
public enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** Whether this role may do what {@code needed} may. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The role's word in the API and the database: {@code viewer}, {@code operator}, {@code admin}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named by {@code word} (as {@link #word()} writes it), if any. */
    public static Optional<Role> fromWord(String word) {
        for (Role role : values()) {
            if (role.word().equals(word)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
