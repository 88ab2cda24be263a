import { BUCKET_BITS, OPTED_OUT_TAG, UNIVERSE_TAG } from '@tagstream/projection';

/**
 * The projector's label tables (migration 0100) as the query side reads them.
 * They are ReplacingMergeTrees versioned by event-store position, so every read
 * goes through FINAL: the newest row of each key wins.
 */
export const LABEL_TABLES = {
  tagBitmaps: 'label_tag_bitmaps',
  activityDaily: 'label_activity_daily',
  users: 'label_users',
} as const;

export { BUCKET_BITS, OPTED_OUT_TAG, UNIVERSE_TAG };
