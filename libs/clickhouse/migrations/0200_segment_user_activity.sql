-- Daily activity by user, for the recommender's one-user lookups
-- (libs/segments/README.md). label_activity_daily is ordered by (tag, day,
-- user) for segment windows; this copy is ordered by user so one user's last
-- 90 days are a single range read. Fed by a materialized view on every insert
-- into label_activity_daily; same rows, same position versioning, so read it
-- with FINAL like the source.
CREATE TABLE IF NOT EXISTS {db}.segment_user_activity
(
    user             UInt32,
    tag              LowCardinality(String),
    day              Date,
    count            UInt32,
    commit_position  UInt64,
    prepare_position UInt64
)
ENGINE = ReplacingMergeTree(commit_position)
ORDER BY (user, tag, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.segment_user_activity_mv TO {db}.segment_user_activity AS
SELECT user, tag, day, count, commit_position, prepare_position
FROM {db}.label_activity_daily;

-- Rows written before this migration: copying them again is harmless (the
-- table keeps the newest row per key).
INSERT INTO {db}.segment_user_activity (user, tag, day, count, commit_position, prepare_position)
SELECT user, tag, day, count, commit_position, prepare_position
FROM {db}.label_activity_daily;
