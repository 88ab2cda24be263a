-- Labels written by the projector (libs/projection/README.md explains the
-- design). Users are dense UInt32 surrogates; platform user ids, amounts,
-- currencies and regions never reach these tables. Every row carries the
-- event-store position (commit, prepare) it came from, and every table is a
-- ReplacingMergeTree versioned by that position, so writing a row again on a
-- replay changes nothing.

-- One row per user: current state tags, consent, and the bounded fold state
-- the projector resumes from (JSON of the tag slices, the last days' activity
-- totals and fingerprints of the last event ids).
CREATE TABLE IF NOT EXISTS {db}.label_users
(
    user             UInt32,
    state_tags       Array(LowCardinality(String)),
    personalized     UInt8,
    fold_state       String CODEC(ZSTD(3)),
    taxonomy_version UInt16,
    commit_position  UInt64,
    prepare_position UInt64
)
ENGINE = ReplacingMergeTree(commit_position)
ORDER BY user;

-- Membership changes of state tags: present = 1 when the user gained the tag,
-- 0 when it was lost. Also the reserved tags `~universe` (user has at least one
-- projected event) and `~opted-out` (last consent said personalized: false).
-- bucket = user >> 16, the unit per-tag bitmaps are kept in.
CREATE TABLE IF NOT EXISTS {db}.label_state_tags
(
    tag              LowCardinality(String),
    bucket           UInt16,
    user             UInt32,
    present          UInt8,
    commit_position  UInt64,
    prepare_position UInt64
)
ENGINE = ReplacingMergeTree(commit_position)
ORDER BY (tag, bucket, user);

-- Activity per user, tag and UTC day: `count` is the running total for that
-- day as of the event at the row's position (an absolute value, not a delta).
CREATE TABLE IF NOT EXISTS {db}.label_activity_daily
(
    tag              LowCardinality(String),
    day              Date,
    user             UInt32,
    count            UInt32,
    commit_position  UInt64,
    prepare_position UInt64
)
ENGINE = ReplacingMergeTree(commit_position)
ORDER BY (tag, day, user);

-- Members of each state tag (and reserved tag) per bucket, recomputed from
-- label_state_tags whenever a membership in that bucket changes, so a user who
-- loses a tag leaves the bitmap.
CREATE TABLE IF NOT EXISTS {db}.label_tag_bitmaps
(
    tag              LowCardinality(String),
    bucket           UInt16,
    users            AggregateFunction(groupBitmap, UInt32),
    cardinality      UInt64,
    commit_position  UInt64,
    prepare_position UInt64
)
ENGINE = ReplacingMergeTree(commit_position)
ORDER BY (tag, bucket);

-- (tag, bucket) pairs whose membership changed at a position: the work list of
-- the bitmap refresh, which survives a crash between the two stages.
CREATE TABLE IF NOT EXISTS {db}.label_bitmap_dirty
(
    commit_position  UInt64,
    prepare_position UInt64,
    tag              LowCardinality(String),
    bucket           UInt16,
    written_at       DateTime DEFAULT now()
)
ENGINE = ReplacingMergeTree
ORDER BY (commit_position, tag, bucket)
TTL written_at + INTERVAL 7 DAY;

-- How far each stage has got: `labels` (every table above but the bitmaps) and
-- `bitmaps`. A stage's row is written only after the data it covers.
CREATE TABLE IF NOT EXISTS {db}.label_checkpoints
(
    stage            LowCardinality(String),
    commit_position  UInt64,
    prepare_position UInt64,
    events           UInt64,
    reached_at       DateTime64(3, 'UTC'),
    written_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(commit_position)
ORDER BY stage;
