/** Headers of an HTTP delivery (docs/spec/network.md §8), lower-case as Node reports them. */
export const EVENT_ID_HEADER = 'x-symbia-event-id';
export const EVENT_RUN_ID_HEADER = 'x-symbia-run-id';
/** (ext) the envelope MAC, so a receiver holding `NETWORK_HASH_SECRET` can verify (network.md §4). */
export const EVENT_HASH_HEADER = 'x-symbia-event-hash';
