-- Organizations, their users and API sessions. Sessions live here, not in memory, so that
-- several servers sharing this database accept each other's sessions.

CREATE TABLE organization (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    name        VARCHAR(100) NOT NULL,
    created_at  DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    UNIQUE KEY uk_organization_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE app_user (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    organization_id  BIGINT       NOT NULL,
    username         VARCHAR(255) NOT NULL,
    password_hash    VARCHAR(255) NOT NULL,
    failed_logins    INT          NOT NULL DEFAULT 0,
    locked_until     DATETIME(3)  NULL,
    created_at       DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    UNIQUE KEY uk_app_user_username (username),
    CONSTRAINT fk_app_user_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- token_hash is the SHA-256 of the session id: a copy of this table does not hand out live sessions.
CREATE TABLE api_session (
    token_hash       CHAR(64)     NOT NULL,
    user_id          BIGINT       NOT NULL,
    created_at       DATETIME(3)  NOT NULL,
    last_used_at     DATETIME(3)  NOT NULL,
    PRIMARY KEY (token_hash),
    KEY ix_api_session_last_used (last_used_at),
    CONSTRAINT fk_api_session_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
