package io.cellota.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Sessions end when idle, at their absolute age, at sign-out and when their user changes; time is given, not read. */
class SessionsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private final Sessions sessions = new Sessions(Duration.ofMinutes(30), Duration.ofHours(8));

    @Test
    void a_used_session_lives_on_and_an_idle_one_ends() {
        Sessions.Started s = sessions.start("alice", Role.OPERATOR, T0);

        assertThat(sessions.use(s.cookie(), T0.plus(Duration.ofMinutes(29)))).isPresent();
        assertThat(sessions.use(s.cookie(), T0.plus(Duration.ofMinutes(58)))).as("29 min after the last use")
                .isPresent();
        assertThat(sessions.use(s.cookie(), T0.plus(Duration.ofMinutes(88)))).as("30 min idle").isEmpty();
        assertThat(sessions.use(s.cookie(), T0.plus(Duration.ofMinutes(60)))).as("gone for good").isEmpty();
    }

    @Test
    void a_busy_session_still_ends_at_its_absolute_age() {
        Sessions.Started s = sessions.start("alice", Role.OPERATOR, T0);
        Instant t = T0;
        for (int i = 0; i < 31; i++) {
            t = t.plus(Duration.ofMinutes(15));
            boolean before = t.isBefore(T0.plus(Duration.ofHours(8)));
            assertThat(sessions.use(s.cookie(), t).isPresent()).as("at %s", t).isEqualTo(before);
        }
    }

    @Test
    void the_expiry_is_the_earlier_of_idle_and_absolute() {
        Sessions.Started s = sessions.start("alice", Role.VIEWER, T0);
        assertThat(s.session().expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));

        Instant late = T0.plus(Duration.ofHours(7).plusMinutes(50));
        Sessions.Started fresh = sessions.start("bob", Role.VIEWER, T0);
        for (Instant t = T0; t.isBefore(late); t = t.plus(Duration.ofMinutes(20))) {
            sessions.use(fresh.cookie(), t);
        }
        assertThat(sessions.use(fresh.cookie(), late).orElseThrow().expiresAt())
                .isEqualTo(T0.plus(Duration.ofHours(8)));
    }

    @Test
    void sign_out_and_a_change_of_the_user_end_sessions() {
        Sessions.Started a1 = sessions.start("alice", Role.ADMIN, T0);
        Sessions.Started a2 = sessions.start("alice", Role.ADMIN, T0);
        Sessions.Started a3 = sessions.start("alice", Role.ADMIN, T0);
        Sessions.Started b = sessions.start("bob", Role.VIEWER, T0);

        sessions.end(a1.cookie());
        assertThat(sessions.use(a1.cookie(), T0)).isEmpty();

        sessions.endAllOf("alice", a2.cookie());
        assertThat(sessions.use(a2.cookie(), T0)).as("the session that made the change").isPresent();
        assertThat(sessions.use(a3.cookie(), T0)).isEmpty();
        assertThat(sessions.use(b.cookie(), T0)).isPresent();
    }

    @Test
    void cookies_and_csrf_tokens_are_random_and_unknown_cookies_find_nothing() {
        Sessions.Started a = sessions.start("alice", Role.ADMIN, T0);
        Sessions.Started b = sessions.start("alice", Role.ADMIN, T0);

        assertThat(a.cookie()).isNotEqualTo(b.cookie()).hasSize(43);
        assertThat(a.session().csrfToken()).isNotEqualTo(b.session().csrfToken()).isNotEqualTo(a.cookie());
        assertThat(sessions.use(a.cookie() + "x", T0)).isEmpty();
        assertThat(sessions.use("", T0)).isEmpty();
        assertThat(sessions.use(null, T0)).isEmpty();
        assertThat(a.toString()).doesNotContain(a.cookie());
    }

    @Test
    void purge_forgets_expired_sessions() {
        sessions.start("alice", Role.ADMIN, T0);
        sessions.start("bob", Role.ADMIN, T0.plus(Duration.ofMinutes(20)));

        sessions.purge(T0.plus(Duration.ofMinutes(35)));

        assertThat(sessions.live(T0.plus(Duration.ofMinutes(35)))).isEqualTo(1);
    }
}
