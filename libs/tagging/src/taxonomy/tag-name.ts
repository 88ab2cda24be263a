import { TagDefinition, TagParam } from './tag-definition';

type Segment = { literal: string } | { param: TagParam };

/** Splits a pattern such as `inst:<institutionId>:holder` into literal and param segments. */
export function patternSegments(definition: TagDefinition): Segment[] {
  return definition.pattern.split(':').map((part) => {
    const match = /^<(\w+)>$/.exec(part);
    if (!match) return { literal: part };
    const param = definition.params.find((p) => p.name === match[1]);
    if (!param) throw new Error(`tag pattern ${definition.pattern} names unknown param <${match[1]}>`);
    return { param };
  });
}

/** The param values a concrete tag name binds, or undefined when the name is not of this definition. */
export function matchTagName(definition: TagDefinition, name: string): Record<string, string> | undefined {
  const segments = patternSegments(definition);
  const parts = name.split(':');
  if (parts.length !== segments.length) return undefined;
  const bound: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = segments[i];
    const part = parts[i];
    if ('literal' in segment) {
      if (segment.literal !== part) return undefined;
    } else {
      if (!paramAccepts(segment.param, part)) return undefined;
      bound[segment.param.name] = part;
    }
  }
  return bound;
}

export function paramAccepts(param: TagParam, value: string): boolean {
  if (param.values) return param.values.includes(value);
  return param.pattern ? param.pattern.test(value) : false;
}

/** Fills some or all params; unfilled ones stay as `<param>`. */
export function instantiatePattern(definition: TagDefinition, values: Record<string, string>): string {
  return patternSegments(definition)
    .map((segment) => ('literal' in segment ? segment.literal : (values[segment.param.name] ?? `<${segment.param.name}>`)))
    .join(':');
}
