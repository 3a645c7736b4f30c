-- Users the users file marks as system administrators: on the admin pages they see every organization.
-- The file is applied at every start, so this column follows it.
ALTER TABLE app_user ADD COLUMN system_administrator BOOLEAN NOT NULL DEFAULT FALSE;
