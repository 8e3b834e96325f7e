import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';

/** What the route needs: `@symbia/relay`'s createNetworkReceiver (MAC, replay window, dispatch) satisfies it. */
export interface NetworkEventReceiver {
  receive(
    body: unknown,
  ): { ok: true; eventId: string } | { ok: false; status: 400 | 401 | 409; code: string; message: string };
}

// Loose objects: every member the network signed must reach the MAC check untouched (network.md §4).
const envelopeSchema = z.looseObject({
  payload: z.looseObject({ type: z.string().min(1).max(200), data: z.unknown() }),
  wrapper: z.looseObject({
    id: z.string().min(1).max(200),
    runId: z.string().min(1).max(500),
    timestamp: z.string().min(1).max(100),
    source: z.string().min(1).max(500),
    target: z.string().max(500).optional(),
    causedBy: z.string().max(200).optional(),
    path: z.array(z.string().max(500)).max(100),
    boundary: z.enum(['intra', 'inter', 'extra']),
  }),
  hash: z.string().min(1).max(200),
});

/**
 * `POST /api/network/receive` (network.md §8, libraries W8: the one canonical route every service mounts): the
 * network's HTTP delivery of a signed event. Authenticated by the envelope MAC, not a bearer token; a refused
 * envelope answers its status and code (400 invalid_envelope, 401 invalid_event_signature /
 * event_outside_replay_window / event_not_verifiable, 409 event_replayed).
 */
export function registerNetworkReceiveRoute(app: FastifyInstance, receiver: NetworkEventReceiver): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/network/receive',
    {
      schema: {
        tags: ['network'],
        summary: 'Receive a signed network event (HTTP delivery from the network service)',
        body: envelopeSchema,
        response: { 202: z.object({ received: z.literal(true), eventId: z.string() }) },
      },
    },
    async (request, reply) => {
      const outcome = receiver.receive(request.body);
      if (!outcome.ok) throw new AppError(outcome.status, outcome.code, outcome.message);
      return reply.status(202).send({ received: true as const, eventId: outcome.eventId });
    },
  );
}
