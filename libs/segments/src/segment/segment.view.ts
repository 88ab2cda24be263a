import { printExpressionText } from '../expression';
import { currentVersion, Segment, SegmentVersion } from './segment';

export interface SegmentVersionView {
  readonly version: number;
  readonly name: string;
  readonly description: string | null;
  readonly expression: unknown;
  readonly text: string;
  readonly expressionHash: string;
  readonly definedBy: string;
  readonly definedAt: string;
}

export interface SegmentView extends SegmentVersionView {
  readonly id: string;
  readonly tenant: string;
  readonly archived: boolean;
  readonly archivedAt: string | null;
  readonly createdAt: string;
  readonly versions?: SegmentVersionView[];
}

function versionView(version: SegmentVersion): SegmentVersionView {
  return { ...version, text: printExpressionText(version.expression) };
}

/** What the API shows of a segment: its current version, and every version when asked. */
export function segmentView(segment: Segment, withVersions = false): SegmentView {
  return {
    id: segment.id,
    tenant: segment.tenant,
    ...versionView(currentVersion(segment)),
    archived: segment.archived !== null,
    archivedAt: segment.archived?.at ?? null,
    createdAt: segment.versions[0].definedAt,
    ...(withVersions ? { versions: segment.versions.map(versionView) } : {}),
  };
}
