/** A position in `$all`, as the event store gives it. Commit orders events; prepare breaks ties within a commit. */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: Position = Object.freeze({ commit: -1n, prepare: -1n });

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function isAfter(a: Position, b: Position | null | undefined): boolean {
  return !b || comparePositions(a, b) > 0;
}

/** The two position columns every label row carries. */
export function positionColumns(position: Position): { commit_position: string; prepare_position: string } {
  return { commit_position: position.commit.toString(), prepare_position: position.prepare.toString() };
}

export function positionFromColumns(row: { commit_position: string | number; prepare_position: string | number }): Position {
  return { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) };
}

export function formatPosition(position: Position | null): string {
  return position ? `${position.commit}/${position.prepare}` : 'start';
}
