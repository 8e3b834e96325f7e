export {
  createSseParser,
  DEFAULT_MAX_EVENT_CHARS,
  readSse,
  readSseData,
  SseEventTooLargeError,
  type SseEvent,
  type SseParser,
  type SseParserOptions,
  type SseSource,
} from './sse-reader.js';
