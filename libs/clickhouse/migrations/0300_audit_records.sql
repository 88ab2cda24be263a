-- Exposure audit, projected from the append-only `audit-*` streams of the
-- event store (libs/compliance/README.md). The streams are the record; these
-- tables are for querying and can be rebuilt from them. Every row carries the
-- event-store position it came from and is a ReplacingMergeTree versioned by
-- it, so projecting an event twice changes nothing. No platform user id is
-- stored: subjects are the same UInt32 surrogates the label tables use.

-- One row per exposure record. `tenant` is '' for the platform's own roles.
CREATE TABLE IF NOT EXISTS {db}.audit_records
(
    record_id          String,
    at                 DateTime64(3, 'UTC'),
    actor              String,
    role               LowCardinality(String),
    tenant             LowCardinality(String),
    action             LowCardinality(String),
    segment_id         String,
    definition_version Nullable(UInt32),
    expression_hash    String,
    snapshot_id        String,
    numbers            String,
    ids_exposed        UInt64,
    subject_count      UInt64,
    request_id         String,
    commit_position    UInt64,
    prepare_position   UInt64
)
ENGINE = ReplacingMergeTree(commit_position)
ORDER BY (at, record_id);

-- One row per person whose id left the service in a record: who received
-- whom, through which snapshot and definition version, and when.
CREATE TABLE IF NOT EXISTS {db}.audit_subjects
(
    subject            UInt32,
    record_id          String,
    at                 DateTime64(3, 'UTC'),
    tenant             LowCardinality(String),
    actor              String,
    action             LowCardinality(String),
    segment_id         String,
    definition_version Nullable(UInt32),
    snapshot_id        String,
    commit_position    UInt64,
    prepare_position   UInt64
)
ENGINE = ReplacingMergeTree(commit_position)
ORDER BY (subject, record_id);

-- How far the audit projection has got; written after the rows it covers.
CREATE TABLE IF NOT EXISTS {db}.audit_checkpoints
(
    stage            LowCardinality(String),
    commit_position  UInt64,
    prepare_position UInt64,
    events           UInt64,
    written_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(commit_position)
ORDER BY stage;
