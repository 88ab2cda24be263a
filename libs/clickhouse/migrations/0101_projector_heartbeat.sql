-- The running projector's own account of its freshness, written every few
-- seconds, so a process that does not run the projector (the api process) can
-- report the projector's lag in /health, and notice when it has gone silent.
-- One row per projector process name; no user data.
CREATE TABLE IF NOT EXISTS {db}.projector_heartbeat
(
    process       LowCardinality(String),
    written_at    DateTime64(3, 'UTC'),
    position      String,
    lag_events    UInt64,
    lag_seconds   Float64,
    behind_store  UInt8,
    caught_up     UInt8
)
ENGINE = ReplacingMergeTree(written_at)
ORDER BY process;
