package io.cellota.server.auth;

import io.cellota.firmware.storage.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The first user, made on a first start (no user in the database): {@value #NAME}, an admin, with the password of
 * the setting {@code admin.password} when given, else a generated one (144 random bits) that the start summary
 * prints once and that is kept in {@code <data-dir>/}{@value #FILE}, readable by its owner only, until the admin
 * changes it (then the file is deleted: it would only be a stale secret). Later starts do nothing; a configured
 * password is then ignored, since changing a password is the console's or the API's business.
 */
public final class FirstAdmin {

    /** The first admin's name. */
    public static final String NAME = "admin";
    /** The file in the data directory that holds a generated password. */
    public static final String FILE = "admin-password";

    /** What the start did. */
    public enum Outcome {
        /** There were users: nothing done. */
        EXISTING,
        /** Made with the configured password. */
        CONFIGURED,
        /** Made with a generated password, now in the file. */
        GENERATED
    }

    /** The outcome, and the generated password when one was made (to print once). */
    public record Result(Outcome outcome, Optional<String> generatedPassword) {
        @Override
        public String toString() {
            return "Result[" + outcome + "]";
        }
    }

    private FirstAdmin() {
    }

    /** Makes the first admin if there is no user yet. */
    public static Result ensure(JdbcUserStore users, PasswordHasher hasher, Optional<String> configured, Path dataDir,
                                Instant now) throws IOException {
        if (users.count() > 0) {
            return new Result(Outcome.EXISTING, Optional.empty());
        }
        if (configured.isPresent()) {
            boolean made = users.createFirst(new User(NAME, Role.ADMIN, hasher.hash(configured.get()), now, now));
            return new Result(made ? Outcome.CONFIGURED : Outcome.EXISTING, Optional.empty());
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = dataDir.resolve(FILE);
        AtomicFile.write(file, (password + "\n").getBytes(StandardCharsets.US_ASCII), true, true);
        boolean made;
        try {
            made = users.createFirst(new User(NAME, Role.ADMIN, hasher.hash(password), now, now));
        } catch (RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        if (!made) {
            Files.deleteIfExists(file);
            return new Result(Outcome.EXISTING, Optional.empty());
        }
        return new Result(Outcome.GENERATED, Optional.of(password));
    }

    /** Deletes the generated password file once {@code user} is the first admin and has set a password of their own. */
    public static void forget(Path dataDir, String user) {
        if (NAME.equals(user)) {
            try {
                Files.deleteIfExists(dataDir.resolve(FILE));
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(FirstAdmin.class).warn("cannot delete {}: {}",
                        dataDir.resolve(FILE), e.toString());
            }
        }
    }
}
