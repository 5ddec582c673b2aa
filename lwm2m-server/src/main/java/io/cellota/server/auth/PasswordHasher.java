package io.cellota.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes with Argon2id (RFC 9106) from Bouncy Castle, written in the PHC string format that the reference
 * {@code argon2} tool, libsodium and passlib also read: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, salt
 * and hash in unpadded base64. The parameters travel with each hash, so raising them later leaves old hashes
 * readable ({@link #outdated} tells which to re-hash at the next sign-in).
 *
 * <p>Why Argon2id rather than bcrypt: it is memory-hard (GPU and ASIC guessing costs memory, not only time), has no
 * 72-byte password limit, and is the first choice of RFC 9106 and OWASP's password storage cheat sheet; the
 * defaults are OWASP's (19 MiB, 2 passes, 1 lane), about 30-60 ms here. Hashing is limited to
 * {@value #CONCURRENT} at a time, so a burst of sign-ins cannot take more than that many times 19 MiB.
 * A stored hash whose parameters are outside sane bounds (a tampered row) is refused rather than computed.
 */
public final class PasswordHasher {

    /** The parameters of new hashes. */
    public record Parameters(int memoryKiB, int iterations, int parallelism) {
        /** OWASP's recommended Argon2id minimum: m=19456 KiB, t=2, p=1. */
        public static final Parameters DEFAULT = new Parameters(19_456, 2, 1);

        public Parameters {
            if (memoryKiB < 8 * parallelism || memoryKiB > 1_048_576) {
                throw new IllegalArgumentException("memory must be 8*p..1048576 KiB, was " + memoryKiB);
            }
            if (iterations < 1 || iterations > 100) {
                throw new IllegalArgumentException("iterations must be 1..100, was " + iterations);
            }
            if (parallelism < 1 || parallelism > 16) {
                throw new IllegalArgumentException("parallelism must be 1..16, was " + parallelism);
            }
        }
    }

    private static final int CONCURRENT = 2;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final String PREFIX = "$argon2id$v=19$";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getDecoder();

    private final Parameters parameters;
    private final SecureRandom random = new SecureRandom();
    private final Semaphore slots = new Semaphore(CONCURRENT, true);

    public PasswordHasher(Parameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }

    /** A new hash of {@code password} with a fresh random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, parameters, HASH_BYTES);
        return PREFIX + "m=" + parameters.memoryKiB() + ",t=" + parameters.iterations() + ",p="
                + parameters.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches {@code stored}, compared in constant time. A stored value that is not an
     * Argon2id PHC string with sane parameters matches nothing.
     */
    public boolean matches(String password, String stored) {
        Decoded d = decode(stored);
        if (d == null) {
            return false;
        }
        return MessageDigest.isEqual(derive(password, d.salt(), d.parameters(), d.hash().length), d.hash());
    }

    /** Whether {@code stored} was made with weaker parameters than this hasher's (re-hash it at the next sign-in). */
    public boolean outdated(String stored) {
        Decoded d = decode(stored);
        return d == null || d.parameters().memoryKiB() < parameters.memoryKiB()
                || d.parameters().iterations() < parameters.iterations();
    }

    private record Decoded(Parameters parameters, byte[] salt, byte[] hash) {
    }

    private static Decoded decode(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            int m = -1;
            int t = -1;
            int p = -1;
            for (String pair : parts[0].split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq < 1 || pair.length() > 12) {
                    return null;
                }
                int value = Integer.parseInt(pair.substring(eq + 1));
                switch (pair.substring(0, eq)) {
                    case "m" -> m = value;
                    case "t" -> t = value;
                    case "p" -> p = value;
                    default -> {
                        return null;
                    }
                }
            }
            byte[] salt = B64_DECODE.decode(parts[1]);
            byte[] hash = B64_DECODE.decode(parts[2]);
            if (salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 64) {
                return null;
            }
            return new Decoded(new Parameters(m, t, p), salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] derive(String password, byte[] salt, Parameters p, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKiB())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        slots.acquireUninterruptibly();
        try {
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        } finally {
            slots.release();
        }
        return out;
    }
}
