package io.cellota.server.fileserver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link DeviceIdentities} that remembers, for {@code ttl}, which endpoint a DTLS identity belongs to, for at
 * most {@code capacity} identities (the least recently used forgotten first). Every Block2 request over CoAPs
 * asks this question, and the server's answer is a database query (a scan of every raw public key, for RPK
 * devices): the bench's JFR profile found it was 39 % of the server's CPU samples while serving 100 downloads
 * (docs/benchmarks.md). A device asks hundreds of times a minute, and the answer only changes when an operator
 * changes credentials.
 *
 * <p>What it does not weaken: only found endpoints are remembered, so a device whose credentials were just added
 * is recognised at once; the grant is still checked on every request by {@link IdentityOrTokenAccess}, so ending
 * or cancelling an update closes the door at once; and the DTLS session itself was authenticated with the
 * credential. A credential removed or moved to another endpoint is noticed up to {@code ttl} late, and only by
 * sessions that authenticated before. Thread-safe: one lock, held for map operations only, never for the lookup.
 */
public final class CachedDeviceIdentities implements DeviceIdentities {

    /** How long an answer is used: short beside a download, long beside a block's round trip. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    /** Identities remembered: the devices downloading at once, with room to spare. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private record Answer(String endpoint, Instant until) {
    }

    private final DeviceIdentities source;
    private final Duration ttl;
    private final int capacity;
    private final Clock clock;
    private final Map<PeerIdentity, Answer> answers;

    public CachedDeviceIdentities(DeviceIdentities source, Duration ttl, int capacity, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl == null || ttl.isNegative() || ttl.isZero() || capacity < 1) {
            throw new IllegalArgumentException("a cache needs a positive lifetime and capacity");
        }
        this.ttl = ttl;
        this.capacity = capacity;
        this.answers = new LinkedHashMap<>(64, 0.75f, true);
    }

    /** {@code source} remembered for {@link #DEFAULT_TTL}, at most {@link #DEFAULT_CAPACITY} identities. */
    public static CachedDeviceIdentities of(DeviceIdentities source, Clock clock) {
        return new CachedDeviceIdentities(source, DEFAULT_TTL, DEFAULT_CAPACITY, clock);
    }

    @Override
    public Optional<String> endpoint(PeerIdentity identity) {
        Instant now = clock.instant();
        synchronized (this) {
            Answer answer = answers.get(identity);
            if (answer != null && now.isBefore(answer.until())) {
                return Optional.of(answer.endpoint());
            }
        }
        Optional<String> endpoint = source.endpoint(identity);
        synchronized (this) {
            if (endpoint.isPresent()) {
                answers.put(identity, new Answer(endpoint.get(), now.plus(ttl)));
                if (answers.size() > capacity) {
                    answers.remove(answers.keySet().iterator().next());
                }
            } else {
                answers.remove(identity);
            }
        }
        return endpoint;
    }

    /** The identities remembered now (expired ones included until they are asked for again or evicted). */
    public synchronized int size() {
        return answers.size();
    }
}
