export { canonicalJson } from './canonical-json.js';
export { createEnvelopeSigner, envelopeSigningInput, type EnvelopeSigner, type SignableEvent } from './sign.js';
export {
  createEnvelopeVerifier,
  DEFAULT_MAX_REMEMBERED_IDS,
  DEFAULT_REPLAY_WINDOW_MS,
  type EnvelopeCheck,
  type EnvelopeRefusal,
  type EnvelopeVerifier,
  type EnvelopeVerifierOptions,
} from './verify.js';
export { EVENT_HASH_HEADER, EVENT_ID_HEADER, EVENT_RUN_ID_HEADER } from './headers.js';
