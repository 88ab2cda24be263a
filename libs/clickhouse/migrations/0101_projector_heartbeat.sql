-- The running projector's own account of its freshness, written every few
-- seconds, so a process that does not run the projector (the api process) can
-- report the projector's lag in /health, and notice when it has gone silent.
-- One row per projector (a deployment has one store and one projector); no
-- user data. `written_at` is ClickHouse's own clock, and readers measure the
-- silence against that same clock, so skew between machines cannot hide a
-- stopped projector or fail a healthy one.
CREATE TABLE IF NOT EXISTS {db}.projector_heartbeat
(
    process       LowCardinality(String),
    written_at    DateTime64(3, 'UTC') DEFAULT now64(3),
    position      String,
    lag_events    UInt64,
    lag_seconds   Float64,
    behind_store  UInt8,
    caught_up     UInt8
)
ENGINE = ReplacingMergeTree(written_at)
ORDER BY process;
