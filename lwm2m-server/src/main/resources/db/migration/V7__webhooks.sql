-- V7: webhooks (io.cellota.server.webhooks.JdbcWebhookStore).
--
-- An integrator's callback URL and the event types it wants; every matching event is written to the
-- delivery outbox in the same moment it is published, so a receiver that is down for a while misses nothing:
-- its deliveries wait, in order, and are retried with backoff until they succeed or grow too old.
CREATE TABLE webhook (
    id          VARCHAR(40)  NOT NULL PRIMARY KEY,
    url         TEXT         NOT NULL,
    -- comma-separated event type patterns: an exact type, a prefix ending in '.*', or '*'
    events      TEXT         NOT NULL,
    -- the HMAC-SHA256 key deliveries are signed with, hex; kept in clear because signing needs it
    secret      TEXT         NOT NULL,
    description TEXT         NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE webhook_delivery (
    -- the delivery's id, handed out by the database: a webhook's deliveries are sent in this order
    seq             BIGINT GENERATED ALWAYS AS IDENTITY NOT NULL PRIMARY KEY,
    webhook_id      VARCHAR(40)  NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event_type      VARCHAR(100) NOT NULL,
    -- the JSON body as sent, byte for byte, so every retry carries the same body and signature input
    payload         TEXT         NOT NULL,
    -- PENDING, DELIVERED or FAILED (given up)
    state           VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at     TIMESTAMP WITH TIME ZONE
);

-- a webhook's oldest pending delivery; its history newest first
CREATE INDEX webhook_delivery_by_webhook ON webhook_delivery (webhook_id, state, seq);
