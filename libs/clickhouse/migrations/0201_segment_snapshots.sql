-- Campaign snapshots (libs/segments/README.md): a segment's membership frozen
-- at one moment. Members are written first, the snapshot row last, so a
-- snapshot that can be read is complete; members of a snapshot that was
-- refused (under the privacy floor) have no snapshot row and are never served.
CREATE TABLE IF NOT EXISTS {db}.segment_snapshot_members
(
    snapshot_id String,
    user        UInt32
)
ENGINE = MergeTree
ORDER BY (snapshot_id, user);

CREATE TABLE IF NOT EXISTS {db}.segment_snapshots
(
    snapshot_id        String,
    tenant             LowCardinality(String),
    segment_id         String,
    definition_version UInt32,
    expression_hash    String,
    as_of              DateTime64(3, 'UTC'),
    product_risk_level Nullable(String),
    size               UInt64,
    left_out           UInt64,
    label_position     Nullable(String),
    created_by         String,
    created_at         DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY (tenant, snapshot_id);
