-- V6: console users and integration API tokens (io.cellota.server.auth).
--
-- (V5 is the campaign engine's.) Neither table holds a secret in clear: passwords are Argon2id hashes in the
-- PHC string format, token secrets are SHA-256 hashes (they are 256 random bits, so a fast hash suffices).

-- One row per person who signs in to the console.
CREATE TABLE user_account (
    -- the sign-in name: 1..64 of A-Z a-z 0-9 . _ @ - (User.NAME)
    name                VARCHAR(64)  NOT NULL PRIMARY KEY,
    role                VARCHAR(16)  NOT NULL,
    -- $argon2id$v=19$m=…,t=…,p=…$salt$hash (PasswordHasher)
    password_hash       VARCHAR(255) NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    password_changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT user_account_role CHECK (role IN ('viewer', 'operator', 'admin'))
);

-- One row per API token an admin created; a revoked token's row is deleted.
CREATE TABLE api_token (
    -- the public part of the token (cellota_<id>_<secret>), 16 lower-case hex digits
    id           VARCHAR(16)  NOT NULL PRIMARY KEY,
    -- what it is for, as the admin wrote it
    name         VARCHAR(128) NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    -- SHA-256 of the secret part, lower-case hex
    secret_hash  VARCHAR(64)  NOT NULL,
    created_by   VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- NULL: never expires
    expires_at   TIMESTAMP WITH TIME ZONE,
    -- updated at most once a minute per token
    last_used_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_token_role CHECK (role IN ('viewer', 'operator', 'admin'))
);
