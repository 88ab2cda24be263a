// class-transformer keeps its `@Type` metadata in a singleton it exports from
// this file only; its declarations live under types/, not next to cjs/.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
