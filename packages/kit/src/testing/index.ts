export { buildTestService, type TestServiceOptions } from './build-test-service.js';
export { createLogCapture } from './log-capture.js';
