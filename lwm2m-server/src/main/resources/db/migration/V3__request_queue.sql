-- V3: requests held for sleeping devices (io.cellota.server.queue.JdbcRequestQueue).
--
-- One row per held request, deleted when it is sent and answered, or when it expires.
CREATE TABLE queued_request (
    -- the request's sequence, handed out by the database: strictly increasing, never reused (not after a
    -- delete, a rollback or a restart). A device's requests leave in this order: first in, first out.
    seq         BIGINT GENERATED ALWAYS AS IDENTITY NOT NULL PRIMARY KEY,
    endpoint    VARCHAR(255) NOT NULL,
    kind        TEXT         NOT NULL,
    argument    TEXT         NOT NULL,
    correlation TEXT         NOT NULL,
    -- the request must not be sent after this; removeExpired deletes it once now is later
    not_after   TIMESTAMP WITH TIME ZONE NOT NULL,
    queued_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- a device's requests in order (head, pending, endpoints with requests)
CREATE INDEX queued_request_by_endpoint ON queued_request (endpoint, seq);
-- the expired ones
CREATE INDEX queued_request_by_not_after ON queued_request (not_after);
