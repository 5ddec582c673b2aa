-- V8: what the server last learned of each device (io.cellota.server.devices.JdbcDeviceSnapshots).
--
-- Registrations themselves live in Leshan's memory and end with the server; this table keeps the rest, so that
-- after a restart the registry (and the API, and campaigns' targeting) still knows every device, its firmware
-- version, model, Object 5 state and radio, shown as not registered until the device registers again.
CREATE TABLE device_snapshot (
    endpoint         VARCHAR(255) NOT NULL PRIMARY KEY,
    lwm2m_version    VARCHAR(16),
    binding          VARCHAR(16),
    queue_mode       BOOLEAN      NOT NULL,
    last_address     VARCHAR(128),
    last_seen        TIMESTAMP WITH TIME ZONE,
    model            VARCHAR(255),
    firmware_version VARCHAR(255),
    update_state     INTEGER,
    update_result    INTEGER,
    bearer           INTEGER,
    rsrp             INTEGER,
    cell_id          BIGINT
);
