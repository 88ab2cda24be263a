/**
 * Where the user id → surrogate mapping lives in the event store. Each user
 * has one stream holding a single `SurrogateAssigned`; erasure tombstones it.
 * The allocation stream holds only counters, never a user id, so nothing that
 * survives an erasure names the person.
 */
export const SURROGATE_STREAM_PREFIX = 'usermap-';
export const SURROGATE_ALLOCATION_STREAM = 'surrogate-allocations';

export const SURROGATE_ASSIGNED = 'SurrogateAssigned';
export const SURROGATES_ALLOCATED = 'SurrogatesAllocated';

/** UInt32 in ClickHouse; 0 is never handed out. */
export const FIRST_SURROGATE = 1;
export const MAX_SURROGATE = 0xffff_ffff;

export interface SurrogateAssignedData {
  readonly surrogate: number;
}

/** Surrogates `first` … `next - 1` were taken by the append that wrote this. */
export interface SurrogatesAllocatedData {
  readonly first: number;
  readonly next: number;
}

export function surrogateStreamName(userId: string): string {
  return SURROGATE_STREAM_PREFIX + userId;
}
