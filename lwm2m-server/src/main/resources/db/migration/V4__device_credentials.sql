-- V4: device credentials (io.cellota.server.devices.JdbcCredentialRepository).
--
-- One row per device that may connect over DTLS, in one of three modes. The table holds pre-shared keys
-- in clear, as the DTLS handshake needs them: protect the database (and its backups) as a key store.
CREATE TABLE device_credential (
    endpoint       VARCHAR(255)  NOT NULL PRIMARY KEY,
    -- psk, rpk or x509 (DeviceCredential.mode())
    mode           VARCHAR(8)    NOT NULL,
    -- psk: the identity the device presents in the handshake, unique across devices (NULL for the other
    -- modes; NULLs never collide)
    psk_identity   VARCHAR(128),
    -- psk: the key, 8..64 bytes as lower-case hex
    psk_key        VARCHAR(128),
    -- rpk: the device's EC public key, DER SubjectPublicKeyInfo, base64 (RFC 4648 section 4, padded)
    rpk_public_key VARCHAR(1024),
    -- x509 needs no column: the certificate's subject CN is the endpoint, its issuer a trusted CA
    CONSTRAINT device_credential_psk_identity UNIQUE (psk_identity),
    CONSTRAINT device_credential_mode CHECK (
        (mode = 'psk' AND psk_identity IS NOT NULL AND psk_key IS NOT NULL AND rpk_public_key IS NULL)
        OR (mode = 'rpk' AND psk_identity IS NULL AND psk_key IS NULL AND rpk_public_key IS NOT NULL)
        OR (mode = 'x509' AND psk_identity IS NULL AND psk_key IS NULL AND rpk_public_key IS NULL))
);
