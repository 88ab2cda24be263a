import { ACTIVITY_RULES, consentRule, STATE_RULES } from '../rules';
import { LineageEntry, TagDefinition, TagKind } from '../taxonomy/tag-definition';
import { instantiatePattern, matchTagName, patternSegments } from '../taxonomy/tag-name';
import { MACRO_DEFINITIONS, MacroDefinition } from './macro-definitions';

/** Who is asking. Marketers are bound to a tenant; the platform's own roles see every tag. */
export interface TagViewer {
  readonly role: string;
  readonly tenant?: string;
}

export interface ResolvedTag {
  readonly name: string;
  readonly kind: TagKind;
  readonly definition: TagDefinition;
}

/** One entry of the taxonomy as a viewer may see it: a concrete tag name, or a pattern when a param is open. */
export interface VisibleTag {
  readonly name: string;
  readonly kind: TagKind;
  readonly concrete: boolean;
  readonly definition: TagDefinition;
}

/** Roles that are the platform itself (docs/contract.md §4: the recommender and the auditor; the operator too). */
export const PLATFORM_ROLES: readonly string[] = ['recommender', 'auditor', 'admin'];

export const DEFAULT_TAG_DEFINITIONS: readonly TagDefinition[] = [...STATE_RULES, ...ACTIVITY_RULES].map((rule) => rule.definition);

/**
 * The taxonomy as the query side sees it. `resolve` gives another tenant's
 * `inst:` tag exactly the answer an unknown tag gets (`undefined`), so its
 * existence cannot be probed.
 */
export class TagCatalog {
  constructor(
    private readonly tagDefinitions: readonly TagDefinition[] = DEFAULT_TAG_DEFINITIONS,
    private readonly macroDefinitions: readonly MacroDefinition[] = MACRO_DEFINITIONS,
  ) {}

  definitions(): readonly TagDefinition[] {
    return this.tagDefinitions;
  }

  resolve(tagName: string, viewer: TagViewer): ResolvedTag | undefined {
    if (typeof tagName !== 'string') return undefined;
    for (const definition of this.tagDefinitions) {
      const bound = matchTagName(definition, tagName);
      if (!bound) continue;
      if (!mayUse(definition, bound, viewer)) return undefined;
      return { name: tagName, kind: definition.kind, definition };
    }
    return undefined;
  }

  /** Every tag family the viewer may use; finite params are enumerated, a tenant's own institution is filled in. */
  list(viewer: TagViewer): VisibleTag[] {
    const visible: VisibleTag[] = [];
    for (const definition of this.tagDefinitions) {
      const bindings = viewerBindings(definition, viewer);
      if (!bindings) continue;
      for (const values of expandFiniteParams(definition, bindings)) {
        const name = instantiatePattern(definition, values);
        const concrete = definition.params.every((param) => values[param.name] !== undefined);
        visible.push({ name, kind: definition.kind, concrete, definition });
      }
    }
    return visible;
  }

  macros(): readonly MacroDefinition[] {
    return this.macroDefinitions;
  }

  macro(name: string): MacroDefinition | undefined {
    return this.macroDefinitions.find((macro) => macro.name === name);
  }

  /** Each tag family's source fields, and consent's, for the compliance lineage report. */
  lineage(): { readonly subject: string; readonly lineage: readonly LineageEntry[] }[] {
    return [
      ...this.tagDefinitions.map((definition) => ({ subject: definition.pattern, lineage: definition.lineage })),
      { subject: 'consent', lineage: consentRule.lineage },
    ];
  }
}

function isPlatform(viewer: TagViewer): boolean {
  return PLATFORM_ROLES.includes(viewer.role);
}

function mayUse(definition: TagDefinition, bound: Record<string, string>, viewer: TagViewer): boolean {
  if (definition.visibility === 'platform' || isPlatform(viewer)) return true;
  return viewer.tenant !== undefined && bound.institutionId === viewer.tenant;
}

/** Params fixed by who is looking, or undefined when the viewer may see none of the family. */
function viewerBindings(definition: TagDefinition, viewer: TagViewer): Record<string, string> | undefined {
  if (definition.visibility === 'platform' || isPlatform(viewer)) return {};
  return viewer.tenant === undefined ? undefined : { institutionId: viewer.tenant };
}

function expandFiniteParams(definition: TagDefinition, fixed: Record<string, string>): Record<string, string>[] {
  let combos: Record<string, string>[] = [{ ...fixed }];
  for (const segment of patternSegments(definition)) {
    if ('literal' in segment || fixed[segment.param.name] !== undefined || !segment.param.values) continue;
    const { name, values } = segment.param;
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value })));
  }
  return combos;
}
