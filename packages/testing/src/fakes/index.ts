export {
  startFakeHuggingFace,
  openAiAnswer,
  openAiChunk,
  openAiCompletion,
  ANSWER,
  type FakeHuggingFace,
} from './openai-compatible.js';
export { anthropicAnswer, anthropicErrors, type FakeAnswerContext } from './anthropic.js';
export { startFakeLlm, type FakeLlm, type RecordedRequest } from './fake-llm.js';
