package io.cellota.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Guessing slows down per name and address; a success or another address is not affected. */
class SignInThrottleTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private final SignInThrottle throttle = new SignInThrottle();

    @Test
    void five_failures_are_free_then_the_pause_doubles_up_to_a_limit() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0.1", T0);
        }
        assertThat(throttle.blockedUntil("alice", "10.0.0.1", T0)).isEmpty();

        throttle.failed("alice", "10.0.0.1", T0);
        assertThat(throttle.blockedUntil("alice", "10.0.0.1", T0)).hasValue(T0.plusSeconds(30));
        assertThat(throttle.blockedUntil("alice", "10.0.0.1", T0.plusSeconds(30))).isEmpty();

        throttle.failed("alice", "10.0.0.1", T0.plusSeconds(30));
        assertThat(throttle.blockedUntil("alice", "10.0.0.1", T0.plusSeconds(30))).hasValue(T0.plusSeconds(90));

        Instant t = T0.plusSeconds(90);
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", "10.0.0.1", t);
        }
        assertThat(throttle.blockedUntil("alice", "10.0.0.1", t)).hasValue(t.plus(Duration.ofMinutes(15)));
    }

    @Test
    void another_address_or_name_is_not_blocked_and_a_success_clears_the_count() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("Alice", "10.0.0.1", T0);
        }
        assertThat(throttle.blockedUntil("alice", "10.0.0.1", T0)).as("names are case-blind here").isPresent();
        assertThat(throttle.blockedUntil("alice", "10.0.0.2", T0)).isEmpty();
        assertThat(throttle.blockedUntil("bob", "10.0.0.1", T0)).isEmpty();

        throttle.succeeded("alice", "10.0.0.1");
        assertThat(throttle.blockedUntil("alice", "10.0.0.1", T0)).isEmpty();
        throttle.failed("alice", "10.0.0.1", T0);
        assertThat(throttle.blockedUntil("alice", "10.0.0.1", T0)).isEmpty();
    }
}
