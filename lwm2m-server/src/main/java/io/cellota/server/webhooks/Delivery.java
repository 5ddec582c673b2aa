package io.cellota.server.webhooks;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One event on its way to one webhook, as the outbox keeps it.
 *
 * @param seq         the delivery's id; a webhook's deliveries go out in this order
 * @param payload     the JSON body, exactly as sent at every attempt
 * @param attempts    how many times it was POSTed
 * @param nextAttempt when it is due (again) while {@link State#PENDING}
 * @param lastStatus  the HTTP status of the last attempt, if one came back
 * @param lastError   why the last attempt failed, if it did
 */
public record Delivery(long seq, String webhookId, String eventType, String payload, State state, int attempts,
                       Instant nextAttempt, OptionalInt lastStatus, Optional<String> lastError, Instant createdAt,
                       Optional<Instant> finishedAt) {

    /** Where a delivery is. */
    public enum State {
        /** Waiting for its first or next attempt. */
        PENDING,
        /** The receiver answered 2xx. */
        DELIVERED,
        /** Given up: older than the retry period, or the webhook's receiver refused it for good. */
        FAILED
    }

    public Delivery {
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        Objects.requireNonNull(lastStatus, "lastStatus");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }
}
