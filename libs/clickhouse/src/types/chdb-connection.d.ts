// The root tsconfig resolves modules the Node 10 way, which ignores package
// "exports"; this maps the `chdb/connection` entry point to its declarations.
declare module 'chdb/connection' {
  export * from 'chdb/dist/connection';
}
