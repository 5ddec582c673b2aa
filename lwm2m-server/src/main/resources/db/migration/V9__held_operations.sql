-- V9: generic LwM2M operations held for devices that cannot answer now
-- (io.cellota.server.operations.JdbcHeldOperations).
--
-- One row per operation an operator asked for: kept while it waits (QUEUED), while it is sent (SENDING) and after,
-- with the device's answer, until purged some days after it finished.
CREATE TABLE held_operation (
    -- increasing, never reused: a device's operations are sent in this order
    id           BIGINT GENERATED ALWAYS AS IDENTITY NOT NULL PRIMARY KEY,
    endpoint     VARCHAR(255) NOT NULL,
    -- READ, WRITE, EXECUTE or OBSERVE
    kind         VARCHAR(16)  NOT NULL,
    path         VARCHAR(64)  NOT NULL,
    -- the value of a write, as a JSON scalar
    value_json   TEXT,
    -- the arguments of an execute
    arguments    TEXT,
    requested_by TEXT         NOT NULL,
    -- QUEUED, SENDING, SUCCEEDED, FAILED, EXPIRED or CANCELLED
    status       VARCHAR(16)  NOT NULL,
    attempts     INTEGER      NOT NULL,
    queued_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    -- never sent after this
    not_after    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the device's answer as JSON: success, code, codeName, errorMessage, content
    result_json  TEXT,
    -- why there is no answer, in words
    failure      TEXT
);

-- a device's operations in order (next to send, listings)
CREATE INDEX held_operation_by_endpoint ON held_operation (endpoint, id);
-- the queued ones past their deadline, the finished ones to purge
CREATE INDEX held_operation_by_status ON held_operation (status, not_after);
