import { holdsCapability, principalOf, type Principal } from '@symbia/auth';
import type { FastifyRequest } from 'fastify';
import { ownerOf } from '../access/owner.js';
import { NetworkPermissions } from '../access/permissions.js';
import { viewerOf } from '../access/viewer.js';
import type { NodeOwner, Viewer } from '../domain/index.js';

export interface Caller {
  principal: Principal;
  owner: NodeOwner;
  viewer: Viewer;
  /** Holds cap:network.nodes.admin (super admins do): acts on any node. */
  nodesAdmin: boolean;
}

/** The caller a guard already authenticated (network.md §12), with its node-owner key and tenancy viewer. */
export function callerOf(request: FastifyRequest): Caller {
  const principal = principalOf(request);
  return {
    principal,
    owner: ownerOf(principal),
    viewer: viewerOf(principal),
    nodesAdmin: holdsCapability(principal, NetworkPermissions.nodesAdmin),
  };
}
