-- Nothing that matters lives in one server's memory (issue 18): admin sign-in sessions and webhook
-- deliveries still to be made are rows, so any server answers any admin page and a restart loses
-- no delivery.

-- An admin session by the SHA-256 of its cookie token (the token itself is never stored); written
-- when opened, touched at most once a minute, deleted at sign-out or once idle too long.
CREATE TABLE admin_session (
    token_hash    CHAR(64)      NOT NULL,
    username      VARCHAR(255)  NOT NULL,
    csrf          VARCHAR(64)   NOT NULL,
    created_at    DATETIME(3)   NOT NULL,
    last_used_at  DATETIME(3)   NOT NULL,
    PRIMARY KEY (token_hash),
    KEY ix_admin_session_last_used (last_used_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A webhook delivery not yet answered 2xx: written when the job ends, by the server that ran it
-- (its owner), retried by that owner; a delivery whose lease ran out (its owner stopped or died)
-- is taken over by whichever server polls next. Deleted once delivered or given up.
CREATE TABLE webhook_delivery (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    delivery_id   CHAR(36)      NOT NULL,
    job_id        BIGINT        NOT NULL,
    organization  VARCHAR(100)  NOT NULL,
    url           VARCHAR(2000) NOT NULL,
    body          MEDIUMBLOB    NOT NULL,
    attempts      INT           NOT NULL DEFAULT 0,
    next_try_at   DATETIME(3)   NOT NULL,
    owner         VARCHAR(100)  NOT NULL,
    lease_until   DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_webhook_delivery_id (delivery_id),
    KEY ix_webhook_delivery_owner (owner, next_try_at),
    KEY ix_webhook_delivery_lease (lease_until)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
