package io.cellota.server.webhooks;

import io.cellota.server.store.Database;
import io.cellota.server.store.Row;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Webhooks and their delivery outbox in the database (tables {@code webhook} and {@code webhook_delivery},
 * {@code V7__webhooks.sql}), on H2 or PostgreSQL.
 *
 * <p>An event is written to the outbox of every matching webhook in one transaction ({@link #enqueue}); from then
 * on it survives a server restart. A webhook's deliveries leave in sequence order and one at a time: only the
 * oldest pending one is ever due ({@link #due}), so a receiver sees events in the order they happened, and one
 * that is down holds back only its own queue. Times are kept to the microsecond, as both databases keep them.
 */
public final class WebhookStore {

    /** The most webhooks one server keeps: each adds a row per matching event. */
    public static final int MAX_WEBHOOKS = 100;

    private static final String COLUMNS = "seq, webhook_id, event_type, payload, state, attempts, next_attempt_at,"
            + " last_status, last_error, created_at, finished_at";
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private final Database database;
    private final SecureRandom random = new SecureRandom();
    private volatile List<Webhook> cached;

    /** The store over {@code database}, migrated to V7 (as {@link Database#open} does). */
    public WebhookStore(Database database) {
        this.database = database;
        this.cached = load();
    }

    /**
     * Registers a webhook; its secret is {@code secret} when given (16 to 128 printable ASCII characters), else
     * 32 random bytes in hex.
     */
    public Webhook create(URI url, EventPatterns events, Optional<String> secret, String description, Instant now) {
        String key = secret.orElseGet(() -> HexFormat.of().formatHex(bytes(32)));
        if (key.length() < 16 || key.length() > 128 || !key.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("secret must be 16 to 128 printable ASCII characters without spaces");
        }
        if (description.length() > 500) {
            throw new IllegalArgumentException("description has more than 500 characters");
        }
        Webhook webhook = new Webhook(newId(), url, events, key, description, micros(now));
        database.inTransaction(sql -> {
            if (sql.queryLong("SELECT COUNT(*) FROM webhook") >= MAX_WEBHOOKS) {
                throw new IllegalStateException("there are already " + MAX_WEBHOOKS + " webhooks; delete one first");
            }
            return sql.update("INSERT INTO webhook (id, url, events, secret, description, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", webhook.id(), url.toString(), events.joined(), key, description,
                    webhook.createdAt());
        });
        refresh();
        return webhook;
    }

    public List<Webhook> list() {
        return cached;
    }

    public Optional<Webhook> get(String id) {
        return cached.stream().filter(w -> w.id().equals(id)).findFirst();
    }

    /** Deletes the webhook and its outbox; false when there was none. */
    public boolean delete(String id) {
        boolean deleted = database.update("DELETE FROM webhook WHERE id = ?", id) > 0;
        refresh();
        return deleted;
    }

    /** Re-reads the webhooks, e.g. after another server sharing the database changed them. */
    public void refresh() {
        cached = load();
    }

    /**
     * Puts an event of {@code type} with JSON body {@code payload} into the outbox of every webhook that wants it,
     * due at once; returns how many.
     */
    public int enqueue(String type, String payload, Instant now) {
        List<Webhook> wanting = cached.stream().filter(w -> w.events().matches(type)).toList();
        if (wanting.isEmpty()) {
            return 0;
        }
        Instant at = micros(now);
        return database.inTransaction(sql -> {
            int n = 0;
            for (Webhook w : wanting) {
                // a webhook deleted since the cache was read simply gets nothing
                n += sql.update("INSERT INTO webhook_delivery (webhook_id, event_type, payload, state, attempts,"
                        + " next_attempt_at, created_at) SELECT id, ?, ?, 'PENDING', 0, ?, ? FROM webhook WHERE id = ?",
                        type, payload, at, at, w.id());
            }
            return n;
        });
    }

    /** The oldest pending delivery of each webhook, where it is due at {@code now}. */
    public List<Delivery> due(Instant now) {
        return database.query("SELECT " + COLUMNS + " FROM webhook_delivery d WHERE d.state = 'PENDING'"
                + " AND d.seq = (SELECT MIN(p.seq) FROM webhook_delivery p WHERE p.webhook_id = d.webhook_id"
                + " AND p.state = 'PENDING') AND d.next_attempt_at <= ? ORDER BY d.seq", WebhookStore::toDelivery, now);
    }

    /** The oldest pending delivery of one webhook, where it is due at {@code now}. */
    public Optional<Delivery> dueFor(String webhookId, Instant now) {
        return database.queryOne("SELECT " + COLUMNS + " FROM webhook_delivery"
                + " WHERE webhook_id = ? AND state = 'PENDING'"
                + " AND seq = (SELECT MIN(seq) FROM webhook_delivery WHERE webhook_id = ? AND state = 'PENDING')"
                + " AND next_attempt_at <= ?", WebhookStore::toDelivery, webhookId, webhookId, now);
    }

    /** The receiver took it. */
    public void delivered(long seq, int status, Instant now) {
        database.update("UPDATE webhook_delivery SET state = 'DELIVERED', attempts = attempts + 1, last_status = ?,"
                + " last_error = NULL, finished_at = ? WHERE seq = ? AND state = 'PENDING'", status, micros(now), seq);
    }

    /** An attempt failed; the delivery is due again at {@code next}. */
    public void retry(long seq, OptionalInt status, String error, Instant next) {
        database.update("UPDATE webhook_delivery SET attempts = attempts + 1, last_status = ?, last_error = ?,"
                + " next_attempt_at = ? WHERE seq = ? AND state = 'PENDING'", status, clip(error), micros(next), seq);
    }

    /** An attempt failed and the delivery is given up. */
    public void failed(long seq, OptionalInt status, String error, Instant now) {
        database.update("UPDATE webhook_delivery SET state = 'FAILED', attempts = attempts + 1, last_status = ?,"
                + " last_error = ?, finished_at = ? WHERE seq = ? AND state = 'PENDING'", status, clip(error),
                micros(now), seq);
    }

    /** A webhook's deliveries, newest first, optionally only those in {@code state}. */
    public List<Delivery> deliveries(String webhookId, Optional<Delivery.State> state, int offset, int limit) {
        if (state.isPresent()) {
            return database.query("SELECT " + COLUMNS + " FROM webhook_delivery WHERE webhook_id = ? AND state = ?"
                    + " ORDER BY seq DESC LIMIT ? OFFSET ?", WebhookStore::toDelivery, webhookId, state.get(), limit,
                    offset);
        }
        return database.query("SELECT " + COLUMNS + " FROM webhook_delivery WHERE webhook_id = ?"
                + " ORDER BY seq DESC LIMIT ? OFFSET ?", WebhookStore::toDelivery, webhookId, limit, offset);
    }

    /** How many of a webhook's deliveries are in each state. */
    public Map<Delivery.State, Long> counts(String webhookId) {
        Map<Delivery.State, Long> counts = new EnumMap<>(Delivery.State.class);
        for (Delivery.State s : Delivery.State.values()) {
            counts.put(s, 0L);
        }
        database.query("SELECT state, COUNT(*) AS n FROM webhook_delivery WHERE webhook_id = ? GROUP BY state",
                row -> counts.put(Delivery.State.valueOf(row.text("state")), row.longValue("n")), webhookId);
        return counts;
    }

    private List<Webhook> load() {
        return List.copyOf(database.query("SELECT id, url, events, secret, description, created_at FROM webhook"
                + " ORDER BY created_at, id", WebhookStore::toWebhook));
    }

    private static Webhook toWebhook(Row row) throws SQLException {
        return new Webhook(row.text("id"), URI.create(row.text("url")), EventPatterns.parse(row.text("events")),
                row.text("secret"), row.text("description"), row.instant("created_at"));
    }

    private static Delivery toDelivery(Row row) throws SQLException {
        long status = row.optionalLong("last_status").orElse(-1);
        return new Delivery(row.longValue("seq"), row.text("webhook_id"), row.text("event_type"), row.text("payload"),
                Delivery.State.valueOf(row.text("state")), (int) row.longValue("attempts"),
                row.instant("next_attempt_at"), status < 0 ? OptionalInt.empty() : OptionalInt.of((int) status),
                row.optionalText("last_error"), row.instant("created_at"), row.optionalInstant("finished_at"));
    }

    private String newId() {
        StringBuilder id = new StringBuilder("wh-");
        for (byte b : bytes(16)) {
            id.append(ID_ALPHABET.charAt((b & 0xff) % ID_ALPHABET.length()));
        }
        return id.toString();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String clip(String error) {
        return error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
