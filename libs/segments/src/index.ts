// Segment expressions: forms, validation, macros, asOf windows, hashing and the reference evaluator.
export * from './expression';
