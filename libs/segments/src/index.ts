// Segment expressions: forms, validation, macros, asOf windows, hashing and the reference evaluator.
export * from './expression';
// Expressions compiled to ClickHouse SQL over the projector's label tables.
export { compileExpression } from './compiler/compile-expression';
export type { CompileOptions, CompiledExpression } from './compiler/compile-expression';
export { sizeQuery, membersQuery, tagSharesQuery } from './compiler/segment-queries';
export type { BoundQuery } from './compiler/segment-queries';
// Test support: a labelled population written the way the projector lays it out.
export { writePopulationLabels } from './testing/population-labels';
