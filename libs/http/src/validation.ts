import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ValidationFailedError } from '@tagstream/common';
import type { ValidationError } from 'class-validator';
import { bodyDepthProblem } from './body-depth';
import { unknownFieldProblems } from './known-fields';

/**
 * The global pipe for DTOs: unknown fields are rejected (not stripped), every
 * problem is reported at once with its full path, and the error is the typed
 * `ValidationFailedError` so the filter answers it like any other.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => toValidationFailedError(errors),
  });
}

/**
 * Nest's pipe, with a bound on the body's nesting checked before anything
 * recurses into it, and the raw body's keys checked against the DTO first, by
 * their real names (see `unknownFieldProblems`); the DTO's own problems are
 * listed with them.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const tooDeep = metadata.type === 'body' ? bodyDepthProblem(value) : undefined;
    if (tooDeep) throw toValidationFailedErrorOf([tooDeep]);
    const unknown = isDto(metadata.metatype) && metadata.type !== 'custom' ? unknownFieldProblems(value, metadata.metatype) : [];
    if (unknown.length === 0) return super.transform(value, metadata);
    let others: FieldProblem[] = [];
    try {
      await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      others = error.problems.filter((problem) => !unknown.some((u) => u.path === problem.path));
    }
    throw toValidationFailedErrorOf([...others, ...unknown]);
  }
}

function isDto(metatype: unknown): metatype is abstract new (...args: never[]) => unknown {
  return typeof metatype === 'function';
}

export function toValidationFailedError(errors: ValidationError[]): ValidationFailedError {
  return toValidationFailedErrorOf(toFieldProblems(errors));
}

function toValidationFailedErrorOf(problems: FieldProblem[]): ValidationFailedError {
  const summary = problems.length === 1 ? problems[0].message : `${problems.length} problems, first: ${problems[0]?.message}`;
  return new ValidationFailedError(`Request is invalid: ${summary}`, problems);
}

/** Flattens class-validator's tree into one problem per broken rule, e.g. `events[3].data.fundCode`. */
export function toFieldProblems(errors: ValidationError[], parentPath = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const path = joinPath(parentPath, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => toProblem(path, error.property, rule, message));
    return [...own, ...toFieldProblems(error.children ?? [], path)];
  });
}

function toProblem(path: string, property: string, rule: string, message: string): FieldProblem {
  const index = firstIndex(path);
  const problem: FieldProblem =
    rule === 'whitelistValidation'
      ? { path, rule: 'unknownField', message: `${path} is not an allowed field` }
      : { path, rule, message: withPath(message, property, path) };
  return index === undefined ? problem : { ...problem, index };
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

// class-validator starts its messages with the bare property name; the full path says which item.
function withPath(message: string, property: string, path: string): string {
  return message.startsWith(`${property} `) ? `${path}${message.slice(property.length)}` : `${path}: ${message}`;
}

function firstIndex(path: string): number | undefined {
  const match = /\[(\d+)\]/.exec(path);
  return match ? Number(match[1]) : undefined;
}
