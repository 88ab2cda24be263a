-- Which users' labels changed at which position: the change feed that keeps
-- the recommender's serving index current (libs/segments/README.md, "Serving
-- one user's tags"). label_users gets one row per user a projector batch
-- touched; this copy of (position, user) is ordered by position, so "who
-- changed after position P" is a range read instead of a scan of every user.
-- Fed by a materialized view on inserts into label_users (the live generation
-- only: a rebuild writes its own tables and the serving index notices the swap
-- by the table's uuid). Kept a day: a serving index that falls further behind
-- than that starts afresh.
CREATE TABLE IF NOT EXISTS {db}.label_user_changes
(
    commit_position UInt64,
    user            UInt32,
    written_at      DateTime DEFAULT now()
)
ENGINE = MergeTree
ORDER BY commit_position
TTL written_at + INTERVAL 1 DAY;

CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.label_user_changes_mv TO {db}.label_user_changes AS
SELECT commit_position, user
FROM {db}.label_users;
