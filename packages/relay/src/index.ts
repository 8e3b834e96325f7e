export * from './wire-types.js';
