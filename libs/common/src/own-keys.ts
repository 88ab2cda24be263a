/**
 * The own keys of `value` that `known` does not name, by their real names.
 * Checked with a Set, never by looking a key up on a plain object: a key
 * such as `constructor`, `hasOwnProperty` or `__proto__` finds something on
 * every object's prototype and would pass for known.
 */
export function unknownKeys(value: object, known: ReadonlySet<string>): string[] {
  return Object.keys(value).filter((key) => !known.has(key));
}

/**
 * A copy of `value` holding only the `known` keys it owns, on `prototype`.
 * Set one by one as own properties: `Object.assign` would take a `__proto__`
 * key of the input as the copy's prototype.
 */
export function copyKnownKeys<T extends object>(value: object, known: Iterable<string>, prototype: object | null = Object.prototype): T {
  const copy = Object.create(prototype) as Record<string, unknown>;
  for (const key of known) {
    if (Object.prototype.hasOwnProperty.call(value, key)) {
      Object.defineProperty(copy, key, { value: (value as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
    }
  }
  return copy as T;
}
