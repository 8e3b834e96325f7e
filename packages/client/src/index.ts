export { SymbiaApiError, type FetchLike } from './http.js';
export * from './identity/index.js';
export * from './catalog/index.js';
export * from './messaging/index.js';
export * from './sse/index.js';
