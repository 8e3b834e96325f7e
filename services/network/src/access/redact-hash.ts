import type { SandboxEvent } from '@symbia/relay';
import type { Viewer } from '../domain/index.js';

/**
 * Observers get events without their MAC (§4): receivers check the MAC and a replay window per receiver, so a
 * broadcast's signed envelope read from the history or a watch could be replayed to another receiver that has not
 * seen its id yet. Only viewers of everything (operators, platform services) see hashes.
 */
export function forViewer(event: SandboxEvent, viewer: Viewer): SandboxEvent {
  return viewer.all === true ? event : { ...event, hash: '' };
}
