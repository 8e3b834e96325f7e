export * from './database/index.js';
export * from './services/index.js';
export * from './identity/index.js';
export * from './sweep/index.js';
export * from './schema-drift.js';
export * from './openapi-drift.js';
export * from './fakes/index.js';
export * from './http/index.js';
