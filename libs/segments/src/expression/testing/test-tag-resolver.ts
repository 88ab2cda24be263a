import { ExpressionViewer, TagResolution, TagKind, TagResolver } from '../expression.types';

const CATEGORIES = ['money_market', 'bond', 'equity', 'hybrid', 'index', 'qdii', 'gold', 'fof'];
const INSTITUTIONS = ['acme', 'beta-funds'];

/** A hand-written slice of the docs/contract.md §4 taxonomy, with its visibility rule, for tests. */
export const TEST_TAG_KINDS: Readonly<Record<string, TagKind>> = Object.fromEntries<TagKind>([
  ...['C1', 'C2', 'C3', 'C4', 'C5'].map((level): [string, TagKind] => [`risk:${level}`, 'state']),
  ...CATEGORIES.flatMap((c): [string, TagKind][] => [[`holder:${c}`, 'state'], [`follows:${c}`, 'state'], [`viewed:${c}`, 'activity']]),
  ['dca:active', 'state'],
  ['active', 'activity'],
  ['registered', 'activity'],
  ['read:education', 'activity'],
  ['asked:fees', 'activity'],
  ['campaign:exposed', 'activity'],
  ['campaign:clicked', 'activity'],
  ...INSTITUTIONS.flatMap((id): [string, TagKind][] => [
    [`inst:${id}:holder`, 'state'],
    [`inst:${id}:follower`, 'state'],
    [`inst:${id}:dca`, 'state'],
    [`inst:${id}:engaged`, 'activity'],
  ]),
]);

export const testTagResolver: TagResolver = {
  resolve(tagName: string, viewer: ExpressionViewer): TagResolution | undefined {
    const kind = TEST_TAG_KINDS[tagName];
    if (kind === undefined) return undefined;
    const owner = /^inst:([^:]+):/.exec(tagName)?.[1];
    if (owner !== undefined && viewer.role === 'marketer' && viewer.tenant !== owner) return undefined;
    return { name: tagName, kind, definition: {} };
  },
};

export const acmeMarketer: ExpressionViewer = { role: 'marketer', tenant: 'acme' };
export const betaMarketer: ExpressionViewer = { role: 'marketer', tenant: 'beta-funds' };
export const recommender: ExpressionViewer = { role: 'recommender' };
