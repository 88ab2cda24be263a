import { FieldProblem, unknownKeys } from '@tagstream/common';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';

type Class = abstract new (...args: never[]) => unknown;

const knownFieldsCache = new WeakMap<Class, ReadonlySet<string> | null>();

/** The fields a DTO class declares (those with class-validator rules); undefined for a class that declares none. */
function knownFieldsOf(metatype: Class): ReadonlySet<string> | undefined {
  let known = knownFieldsCache.get(metatype);
  if (known === undefined) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(metatype as never, '', false, false);
    known = metadatas.length === 0 ? null : new Set(metadatas.map((metadata) => metadata.propertyName));
    knownFieldsCache.set(metatype, known);
  }
  return known ?? undefined;
}

/** The DTO class of a nested field (`@Type(() => OverlapSideDto)`), when it declares fields. */
function nestedClassOf(metatype: Class, field: string): Class | undefined {
  const type = defaultMetadataStorage.findTypeMetadata(metatype as never, field)?.typeFunction() as Class | undefined;
  return type && knownFieldsOf(type) ? type : undefined;
}

/**
 * Every key of a raw body that its DTO does not declare, at any depth of
 * nested DTOs, by its real name. This runs on the parsed JSON before
 * class-transformer copies it (which silently skips `__proto__` and
 * `constructor`) and before class-validator's whitelist (which looks a key up
 * on a plain object, so `hasOwnProperty` or `__proto__` passes for declared).
 */
export function unknownFieldProblems(value: unknown, metatype: Class, path = ''): FieldProblem[] {
  const known = knownFieldsOf(metatype);
  if (!known || !isPlainObject(value)) return [];
  const problems = unknownKeys(value, known).map((key) => unknownField(joinKey(path, key)));
  for (const field of known) {
    if (!Object.prototype.hasOwnProperty.call(value, field)) continue;
    const nested = nestedClassOf(metatype, field);
    if (!nested) continue;
    const child = value[field];
    const fieldPath = joinKey(path, field);
    if (Array.isArray(child)) child.forEach((item, index) => problems.push(...unknownFieldProblems(item, nested, `${fieldPath}[${index}]`)));
    else problems.push(...unknownFieldProblems(child, nested, fieldPath));
  }
  return problems;
}

function unknownField(path: string): FieldProblem {
  const problem: FieldProblem = { path, rule: 'unknownField', message: `${path} is not an allowed field` };
  const index = /\[(\d+)\]/.exec(path);
  return index ? { ...problem, index: Number(index[1]) } : problem;
}

function joinKey(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
