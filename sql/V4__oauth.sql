-- OAuth applications declared in the users file, and the access tokens issued to them. Like API
-- sessions, tokens live here so that every server sharing this database accepts them (ADR 0007).

-- secret_hash and refresh_token_hash are SHA-256 in hex of high-entropy values from the users file.
CREATE TABLE oauth_client (
    id                  BIGINT       NOT NULL AUTO_INCREMENT,
    client_id           VARCHAR(255) NOT NULL,
    user_id             BIGINT       NOT NULL,
    secret_hash         CHAR(64)     NOT NULL,
    refresh_token_hash  CHAR(64)     NOT NULL,
    created_at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    UNIQUE KEY uk_oauth_client_client_id (client_id),
    CONSTRAINT fk_oauth_client_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- token_hash is the SHA-256 of the access token; the token itself is handed out once and never stored.
CREATE TABLE oauth_access_token (
    token_hash   CHAR(64)     NOT NULL,
    client_id    BIGINT       NOT NULL,
    created_at   DATETIME(3)  NOT NULL,
    expires_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (token_hash),
    KEY ix_oauth_access_token_expires (expires_at),
    CONSTRAINT fk_oauth_access_token_client FOREIGN KEY (client_id) REFERENCES oauth_client (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
