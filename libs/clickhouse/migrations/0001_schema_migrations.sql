-- The runner's record of applied migrations: one row per file, written only
-- after every statement of the file succeeded. ReplacingMergeTree folds the
-- duplicate rows two processes migrating at once could write.
CREATE TABLE IF NOT EXISTS {db}.schema_migrations
(
    version    UInt32,
    name       String,
    checksum   String,
    applied_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(applied_at)
ORDER BY version;
