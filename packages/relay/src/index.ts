export * from './wire-types.js';
export * from './envelope/index.js';
