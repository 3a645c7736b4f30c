-- Contact databases, contact lists and import jobs. Each database's contacts live in a table of
-- their own, contacts_<id>, created by the server (see src/adr/0005-contact-storage.md); this
-- migration holds what describes them.

-- Databases (LIST_TYPE 0), seed lists (6), suppression lists (13) and contact lists (18, parent_id
-- = their database). Names are unique per organization among databases, per database among lists.
CREATE TABLE contact_list (
    id                  BIGINT       NOT NULL AUTO_INCREMENT,
    organization_id     BIGINT       NOT NULL,
    parent_id           BIGINT       NULL,
    parent_key          BIGINT       AS (COALESCE(parent_id, 0)) PERSISTENT,
    name                VARCHAR(255) NOT NULL,
    list_type           SMALLINT     NOT NULL,
    visibility          SMALLINT     NOT NULL,
    parent_folder_path  VARCHAR(500) NULL,
    -- EMAIL: keyed on EMAIL; COLUMNS: on its key columns; NONE: no unique identifier (RECIPIENT_ID)
    key_kind            VARCHAR(8)   NOT NULL,
    user_id             BIGINT       NULL,
    created_at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    last_modified       DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    UNIQUE KEY uk_contact_list_name (organization_id, parent_key, name),
    KEY ix_contact_list_parent (parent_id),
    CONSTRAINT fk_contact_list_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
    CONSTRAINT fk_contact_list_parent FOREIGN KEY (parent_id) REFERENCES contact_list (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The columns of a database. name is case-sensitive (binary collation); physical_name is the
-- server-chosen column of contacts_<id> (c1, c2, ...): mapping-file names never reach SQL.
CREATE TABLE list_column (
    list_id           BIGINT        NOT NULL,
    position          INT           NOT NULL,
    name              VARCHAR(255)  NOT NULL COLLATE utf8mb4_bin,
    column_type       SMALLINT      NOT NULL,
    required          BOOLEAN       NOT NULL DEFAULT FALSE,
    is_key            BOOLEAN       NOT NULL DEFAULT FALSE,
    default_value     VARCHAR(1000) NULL,
    selection_values  TEXT          NULL,
    physical_name     VARCHAR(16)   NOT NULL,
    indexed           BOOLEAN       NOT NULL DEFAULT FALSE,
    PRIMARY KEY (list_id, position),
    UNIQUE KEY uk_list_column_name (list_id, name),
    CONSTRAINT fk_list_column_list FOREIGN KEY (list_id) REFERENCES contact_list (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE contact_list_member (
    list_id       BIGINT      NOT NULL,
    recipient_id  BIGINT      NOT NULL,
    added_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (list_id, recipient_id),
    CONSTRAINT fk_contact_list_member_list FOREIGN KEY (list_id) REFERENCES contact_list (id)
) ENGINE=InnoDB;

-- One ImportList call. Counters and rows_done are committed with each batch of rows, so a job cut
-- off by a crash resumes after its last committed batch (src/adr/0006-import-jobs.md).
CREATE TABLE import_job (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    organization_id  BIGINT        NOT NULL,
    user_id          BIGINT        NOT NULL,
    list_id          BIGINT        NOT NULL,
    action           VARCHAR(16)   NOT NULL,
    status           VARCHAR(10)   NOT NULL,
    description      VARCHAR(1000) NOT NULL DEFAULT '',
    map_file         VARCHAR(500)  NOT NULL,
    source_file      VARCHAR(500)  NOT NULL,
    file_encoding    VARCHAR(16)   NOT NULL,
    notify_email     VARCHAR(255)  NULL,
    mapping_xml      MEDIUMTEXT    NOT NULL,
    source_bytes     BIGINT        NOT NULL DEFAULT 0,
    bytes_done       BIGINT        NOT NULL DEFAULT 0,
    rows_done        BIGINT        NOT NULL DEFAULT 0,
    total_rows       BIGINT        NOT NULL DEFAULT 0,
    total_valid      BIGINT        NOT NULL DEFAULT 0,
    sql_added        BIGINT        NOT NULL DEFAULT 0,
    sql_updated      BIGINT        NOT NULL DEFAULT 0,
    duplicates       BIGINT        NOT NULL DEFAULT 0,
    bad_addresses    BIGINT        NOT NULL DEFAULT 0,
    bad_records      BIGINT        NOT NULL DEFAULT 0,
    not_allowed      BIGINT        NOT NULL DEFAULT 0,
    skipped          BIGINT        NOT NULL DEFAULT 0,
    opted_out        BIGINT        NOT NULL DEFAULT 0,
    results_file     VARCHAR(255)  NULL,
    error_file       VARCHAR(255)  NULL,
    attempts         INT           NOT NULL DEFAULT 0,
    submitted_at     DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    started_at       DATETIME(3)   NULL,
    ended_at         DATETIME(3)   NULL,
    PRIMARY KEY (id),
    KEY ix_import_job_queue (list_id, status, id),
    KEY ix_import_job_organization (organization_id, id),
    CONSTRAINT fk_import_job_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
    CONSTRAINT fk_import_job_list FOREIGN KEY (list_id) REFERENCES contact_list (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Every rejected row of a job: its 1-based data row number, a reason code, words, the value.
CREATE TABLE import_job_error (
    job_id      BIGINT        NOT NULL,
    row_no      BIGINT        NOT NULL,
    reason      VARCHAR(24)   NOT NULL,
    message     VARCHAR(500)  NOT NULL,
    value       VARCHAR(1000) NULL,
    PRIMARY KEY (job_id, row_no),
    CONSTRAINT fk_import_job_error_job FOREIGN KEY (job_id) REFERENCES import_job (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
