// A subpath of its own (`@symbia/relay/testing`): test support that production code never loads.
export { signedEnvelopeFor, type SignedEnvelopeOptions } from './signed-envelope.js';
