/** Limits of docs/contract.md §5; they apply to the expression as the caller wrote it (before macro expansion). */
export const MAX_DEPTH = 8;
export const MAX_LEAVES = 64;
export const MIN_CHILDREN = 1;
export const MAX_CHILDREN = 32;
export const MIN_WITHIN_DAYS = 1;
export const MAX_WITHIN_DAYS = 400;
export const MIN_COUNT = 1;

/**
 * Bounds on the text form. They are not in the contract; they keep a hostile
 * input from costing more than a legitimate one could (64 leaves of the longest
 * tag with qualifiers fit comfortably in 16 Ki characters).
 */
export const MAX_TEXT_LENGTH = 16_384;
export const MAX_TEXT_NESTING = 64;

/** Longest tag name echoed back in an error message; longer ones are cut. */
export const MAX_ECHOED_NAME = 80;
