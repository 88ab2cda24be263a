import { FieldProblem } from '@tagstream/common';
import { ValidationError } from 'class-validator';

/** A problem with one posted event, or with the batch itself when `index` is absent. */
export interface EventProblem extends FieldProblem {
  /** For an unknown type: the types that are allowed. */
  allowed?: readonly string[];
}

/** class-validator names an unknown property `whitelistValidation`; producers get a plainer name. */
const RULE_RENAMES: Record<string, string> = { whitelistValidation: 'unknownField' };

/** A value of the wrong type fails every rule on it; only the type rule says something useful. */
const TYPE_RULES = ['isString', 'isInt', 'isBoolean'];

/**
 * Flattens class-validator errors into problems with full paths, in the order
 * of `fieldOrder` (unknown fields last). A missing field gets one `isDefined`
 * problem rather than one per rule it also fails.
 */
export function toProblems(
  errors: ValidationError[],
  pathPrefix: string,
  index: number | undefined,
  fieldOrder: readonly string[],
): EventProblem[] {
  const problems: EventProblem[] = [];
  for (const error of sortByField(errors, fieldOrder)) {
    const path = `${pathPrefix}.${error.property}`;
    const constraints = error.constraints ?? {};
    if ('whitelistValidation' in constraints) {
      problems.push(problem(path, 'unknownField', 'is not a field of this object', index));
    } else if (error.value === undefined) {
      problems.push(problem(path, 'isDefined', 'is required', index));
    } else {
      const typeRule = TYPE_RULES.find((rule) => rule in constraints);
      const reported = typeRule ? [[typeRule, constraints[typeRule]]] : Object.entries(constraints);
      for (const [rule, message] of reported) {
        problems.push(problem(path, RULE_RENAMES[rule] ?? rule, message, index));
      }
    }
  }
  return problems;
}

function sortByField(errors: ValidationError[], fieldOrder: readonly string[]): ValidationError[] {
  const rank = (property: string) => {
    const at = fieldOrder.indexOf(property);
    return at === -1 ? fieldOrder.length : at;
  };
  return [...errors].sort((a, b) => rank(a.property) - rank(b.property));
}

export function problem(path: string, rule: string, message: string, index?: number): EventProblem {
  return index === undefined ? { path, rule, message } : { index, path, rule, message };
}
