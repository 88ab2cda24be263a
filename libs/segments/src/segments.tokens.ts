import { Clock } from '@tagstream/common';

/** The clock for `asOf` defaults and segment decisions; tests may bind a fixed one. */
export const SEGMENTS_CLOCK = Symbol('SEGMENTS_CLOCK');
export type SegmentsClock = Clock;
