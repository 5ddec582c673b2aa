package io.cellota.server.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person who signs in to the console: a name, a {@link Role}, and the Argon2id hash of their password (never
 * the password; {@link #toString()} leaves the hash out too).
 *
 * @param name              the sign-in name, {@link #NAME}
 * @param role              what the user may do
 * @param passwordHash      {@link PasswordHasher}'s PHC string
 * @param createdAt         when the user was made
 * @param passwordChangedAt when the password was last set
 */
public record User(String name, Role role, String passwordHash, Instant createdAt, Instant passwordChangedAt) {

    /** A sign-in name: 1 to 64 letters, digits, or {@code . _ @ -}. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** The shortest password accepted. */
    public static final int MIN_PASSWORD = 12;
    /** The longest password accepted (Argon2 takes any length; this bounds the work of one request). */
    public static final int MAX_PASSWORD = 256;

    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 1..64 of A-Z a-z 0-9 . _ @ -");
        }
    }

    /** Refuses a password that is too short or too long, with a message that does not quote it. */
    public static void checkPassword(String password) throws AccountException {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new AccountException(AccountException.Reason.INVALID,
                    "a password needs at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw new AccountException(AccountException.Reason.INVALID,
                    "a password has at most " + MAX_PASSWORD + " characters");
        }
    }

    /** Refuses a name that {@link #NAME} does not match. */
    public static void checkName(String name) throws AccountException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new AccountException(AccountException.Reason.INVALID,
                    "a user name is 1..64 of A-Z a-z 0-9 . _ @ -");
        }
    }

    public User withRole(Role newRole) {
        return new User(name, newRole, passwordHash, createdAt, passwordChangedAt);
    }

    public User withPassword(String newHash, Instant at) {
        return new User(name, role, newHash, createdAt, at);
    }

    @Override
    public String toString() {
        return "User[name=" + name + ", role=" + role.word() + "]";
    }
}
