export * from './errors';
export * from './clock';
export * from './progress';
export * from './own-keys';
