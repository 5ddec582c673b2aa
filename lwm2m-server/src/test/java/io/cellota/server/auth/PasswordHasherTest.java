package io.cellota.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Argon2id hashes in the PHC format: a password matches its own hash only, salts differ, the parameters travel
 * with the hash (and older, weaker ones are recognised), and a damaged or tampered hash matches nothing.
 */
class PasswordHasherTest {

    /** Small parameters keep the tests fast; the format and the algorithm are the same. */
    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Parameters(64, 1, 1));

    @Test
    void a_password_matches_its_hash_and_nothing_else_does() {
        String hash = hasher.hash("correct horse battery staple");

        assertThat(hasher.matches("correct horse battery staple", hash)).isTrue();
        assertThat(hasher.matches("correct horse battery stapl", hash)).isFalse();
        assertThat(hasher.matches("Correct horse battery staple", hash)).isFalse();
        assertThat(hasher.matches("", hash)).isFalse();
    }

    @Test
    void the_hash_is_a_phc_string_with_its_parameters_and_a_fresh_salt_each_time() {
        String first = hasher.hash("same password here");
        String second = hasher.hash("same password here");

        assertThat(first).startsWith("$argon2id$v=19$m=64,t=1,p=1$").doesNotContain("same password");
        assertThat(first).isNotEqualTo(second);
        assertThat(first.split("\\$")).hasSize(6);
    }

    @Test
    void the_reference_vector_of_the_argon2_tool_is_reproduced() {
        // echo -n password | argon2 somesalt -id -t 2 -m 16 -p 4 -l 32 -e (the reference implementation, Debian argon2)
        String reference = "$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo";

        assertThat(hasher.matches("password", reference)).isTrue();
        assertThat(hasher.matches("passwore", reference)).isFalse();
    }

    @Test
    void hashes_made_with_weaker_parameters_are_outdated_and_still_match() {
        String weak = hasher.hash("an older password");
        PasswordHasher stronger = new PasswordHasher(new PasswordHasher.Parameters(128, 2, 1));

        assertThat(stronger.outdated(weak)).isTrue();
        assertThat(stronger.matches("an older password", weak)).isTrue();
        assertThat(stronger.outdated(stronger.hash("an older password"))).isFalse();
    }

    @Test
    void a_damaged_or_tampered_hash_matches_nothing_and_costs_nothing() {
        String hash = hasher.hash("a good password");
        int last = hash.length() - 3;
        String flipped = hash.substring(0, last) + (hash.charAt(last) == 'A' ? 'B' : 'A') + hash.substring(last + 1);

        assertThat(hasher.matches("a good password", flipped)).isFalse();
        assertThat(hasher.matches("a good password", hash.replace("argon2id", "argon2i"))).isFalse();
        assertThat(hasher.matches("a good password", hash.replace("m=64", "m=99999999"))).as("absurd memory").isFalse();
        assertThat(hasher.matches("a good password", hash.replace("t=1", "t=0"))).isFalse();
        assertThat(hasher.matches("a good password", hash.replace("$m=", "$x="))).isFalse();
        assertThat(hasher.matches("a good password", "plaintext")).isFalse();
        assertThat(hasher.matches("a good password", null)).isFalse();
        assertThat(hasher.matches("a good password", hash + "$extra")).isFalse();
    }

    @Test
    void parameters_out_of_bounds_are_refused() {
        assertThatThrownBy(() -> new PasswordHasher.Parameters(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher.Parameters(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher.Parameters(64, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
