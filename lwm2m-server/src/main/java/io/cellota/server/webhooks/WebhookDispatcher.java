package io.cellota.server.webhooks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox: each webhook's oldest due delivery as an HTTP POST, one at a time per webhook (so a receiver
 * gets its events in order), many webhooks at once. A 2xx answer marks it delivered; anything else (another
 * status, a refused connection, a timeout) schedules the next attempt by the {@link RetryPolicy}, or gives it up
 * once it is too old. {@link #runDue} is what a scheduler calls every second; tests call it with their own
 * clock's time.
 *
 * <p>Each POST carries {@code Content-Type: application/json}, {@code X-Cellota-Event} (the event type),
 * {@code X-Cellota-Delivery} ({@code whd-<seq>}, the same at every retry: receivers de-duplicate with it) and
 * {@link Signature#HEADER}. Redirects are not followed.
 */
public final class WebhookDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookStore store;
    private final HttpClient http;
    private final RetryPolicy policy;
    private final Duration timeout;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param timeout how long one POST may take, connection included
     */
    public WebhookDispatcher(WebhookStore store, RetryPolicy policy, Duration timeout, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * Starts an attempt for every delivery due at {@code now} whose webhook has none on its way; after each
     * success the webhook's next due delivery follows at once, so a backlog drains at the receiver's pace, not one
     * per call. The future completes once those attempts are recorded.
     */
    public CompletableFuture<Void> runDue(Instant now) {
        List<CompletableFuture<Void>> attempts = new ArrayList<>();
        for (Delivery d : store.due(now)) {
            Optional<Webhook> webhook = store.get(d.webhookId());
            if (webhook.isEmpty() || !inFlight.add(d.webhookId())) {
                continue;
            }
            attempts.add(drain(webhook.get(), d).whenComplete((ok, e) -> inFlight.remove(d.webhookId())));
        }
        return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> drain(Webhook webhook, Delivery d) {
        return send(webhook, d).thenCompose(delivered -> {
            if (!delivered) {
                return CompletableFuture.completedFuture(null);
            }
            Optional<Delivery> next;
            try {
                next = store.dueFor(webhook.id(), clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("webhook {}: reading its next delivery failed: {}", webhook.id(), e.toString());
                return CompletableFuture.completedFuture(null);
            }
            return next.map(n -> drain(webhook, n)).orElse(CompletableFuture.completedFuture(null));
        });
    }

    /** One attempt; completes with whether the receiver took it. */
    private CompletableFuture<Boolean> send(Webhook webhook, Delivery d) {
        byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(webhook.url()).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Cellota-Webhooks/1")
                    .header("X-Cellota-Event", d.eventType())
                    .header("X-Cellota-Delivery", "whd-" + d.seq())
                    .header(Signature.HEADER,
                            Signature.header(webhook.secret(), clock.instant().getEpochSecond(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(record(d, null, e));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> record(d, response, error));
    }

    /** Records the attempt; returns whether it was a delivery that was recorded as such. */
    private boolean record(Delivery d, HttpResponse<?> response, Throwable error) {
        Instant now = clock.instant();
        try {
            if (response != null && response.statusCode() / 100 == 2) {
                store.delivered(d.seq(), response.statusCode(), now);
                return true;
            }
            OptionalInt status = response == null ? OptionalInt.empty() : OptionalInt.of(response.statusCode());
            String why = response != null ? "the receiver answered " + response.statusCode() : describe(error);
            if (policy.givesUp(d.createdAt(), now)) {
                LOG.warn("webhook {}: gave up delivery whd-{} ({}) after {} attempts: {}", d.webhookId(), d.seq(),
                        d.eventType(), d.attempts() + 1, why);
                store.failed(d.seq(), status, why, now);
            } else {
                store.retry(d.seq(), status, why, now.plus(policy.backoff(d.attempts() + 1)));
            }
        } catch (RuntimeException e) {
            // the attempt stays unrecorded and the delivery pending: it is simply sent again
            LOG.warn("webhook {}: recording delivery whd-{} failed: {}", d.webhookId(), d.seq(), e.toString());
        }
        return false;
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return cause == null ? "unknown error" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
