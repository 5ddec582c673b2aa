package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The identity cache in front of the credential store: what it remembers, for how long, and what it never does. */
class CachedDeviceIdentitiesTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final Map<PeerIdentity, String> store = new HashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final DeviceIdentities source = identity -> {
        lookups.incrementAndGet();
        return Optional.ofNullable(store.get(identity));
    };
    private final CachedDeviceIdentities cache = new CachedDeviceIdentities(source, Duration.ofSeconds(10), 2, clock);

    @Test
    void a_known_identity_is_looked_up_once_within_the_lifetime() {
        store.put(new PeerIdentity.Psk("id-1"), "dev-1");

        assertThat(cache.endpoint(new PeerIdentity.Psk("id-1"))).contains("dev-1");
        clock.advance(Duration.ofSeconds(9));
        assertThat(cache.endpoint(new PeerIdentity.Psk("id-1"))).contains("dev-1");

        assertThat(lookups).hasValue(1);
    }

    @Test
    void after_the_lifetime_the_store_is_asked_again_and_a_removed_credential_is_gone() {
        store.put(new PeerIdentity.Psk("id-1"), "dev-1");
        cache.endpoint(new PeerIdentity.Psk("id-1"));
        store.clear();

        clock.advance(Duration.ofSeconds(10));

        assertThat(cache.endpoint(new PeerIdentity.Psk("id-1"))).isEmpty();
        assertThat(lookups).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void an_unknown_identity_is_not_remembered_so_new_credentials_count_at_once() {
        assertThat(cache.endpoint(new PeerIdentity.Psk("id-2"))).isEmpty();
        store.put(new PeerIdentity.Psk("id-2"), "dev-2");

        assertThat(cache.endpoint(new PeerIdentity.Psk("id-2"))).contains("dev-2");
        assertThat(lookups).hasValue(2);
    }

    @Test
    void beyond_its_capacity_the_least_recently_used_identity_is_forgotten() {
        for (int i = 1; i <= 3; i++) {
            store.put(new PeerIdentity.Psk("id-" + i), "dev-" + i);
        }
        cache.endpoint(new PeerIdentity.Psk("id-1"));
        cache.endpoint(new PeerIdentity.Psk("id-2"));
        cache.endpoint(new PeerIdentity.Psk("id-1"));
        cache.endpoint(new PeerIdentity.Psk("id-3"));
        int before = lookups.get();

        cache.endpoint(new PeerIdentity.Psk("id-1"));
        cache.endpoint(new PeerIdentity.Psk("id-2"));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(lookups.get() - before).isEqualTo(1);
    }

    @Test
    void a_cache_needs_a_positive_lifetime_and_capacity() {
        assertThatThrownBy(() -> new CachedDeviceIdentities(source, Duration.ZERO, 1, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CachedDeviceIdentities(source, Duration.ofSeconds(1), 0, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
