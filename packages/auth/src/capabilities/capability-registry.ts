/**
 * The one list of capabilities and roles the platform knows (DESIGN §6 "One capability registry").
 *
 * - `platform`: acts on every org and on platform rows (catalog rows or conversations with no org). Only a super
 *   admin may grant it. Admin capabilities of a service (`cap:<svc>.admin`) and `cap:global.*` are platform-wide
 *   because they bypass org isolation (identity.md §6 step 5).
 * - `org`: acts only on resources of an org the holder belongs to. An org admin may grant it to principals of
 *   that org (agents, API keys); anyone else grants only what they hold.
 * - `service`: minted by identity into service tokens only; never granted to users, agents, keys or plans.
 *
 * Legacy names (`messaging:admin`, `collaborate:admin`, …) are aliases resolved once, here; every check
 * compares canonical names.
 */
export type CapabilityScope = 'platform' | 'org' | 'service';

export interface CapabilityDefinition {
  /** Canonical name, `cap:<domain>.<action>` or `role:<name>`. */
  readonly name: string;
  readonly scope: CapabilityScope;
  /** The service whose routes honour it (`platform` for cross-cutting ones). */
  readonly service: string;
  readonly aliases: readonly string[];
  readonly description: string;
}

const define = (
  name: string,
  scope: CapabilityScope,
  service: string,
  description: string,
  aliases: readonly string[] = [],
): CapabilityDefinition => Object.freeze({ name, scope, service, aliases: Object.freeze([...aliases]), description });

export const capabilityDefinitions: readonly CapabilityDefinition[] = Object.freeze([
  // Cross-cutting roles and platform rights.
  define('role:admin', 'platform', 'platform', 'Platform administrator role (catalog policies name it).', ['admin']),
  define('role:publisher', 'org', 'catalog', 'Publishes versions of the org’s catalog resources.', ['publisher']),
  define('role:reviewer', 'org', 'catalog', 'Reviews the org’s catalog resources.', ['reviewer']),
  define('cap:global.read', 'platform', 'platform', 'Reads every org’s data.'),
  define('cap:global.admin', 'platform', 'platform', 'Administers every org’s data.'),
  define('cap:global.write', 'platform', 'platform', 'Writes every org’s data.'),
  define('cap:telemetry.global-read', 'platform', 'logging', 'Reads every org’s telemetry.'),

  // identity: service-only rights minted into service tokens (service-token.service.ts).
  define('cap:identity.introspect', 'service', 'identity', 'Introspects tokens and API keys.'),
  define('cap:identity.credentials.read', 'service', 'identity', 'Reads vault credentials for a user.'),
  define('cap:identity.credentials.write', 'service', 'identity', 'Writes vault credentials for a user.'),
  define('cap:identity.agents.register', 'service', 'identity', 'Registers agents.'),
  define('cap:identity.entities.write', 'service', 'identity', 'Writes the entity directory.'),
  define('cap:impersonate', 'service', 'identity', 'Acts for a user downstream (X-As-User-Id).'),
  define('cap:identity.admin', 'platform', 'identity', 'Administers identity.'),

  // catalog (catalog.md §4).
  define('cap:catalog.read', 'org', 'catalog', 'Reads the org’s catalog resources.'),
  define('cap:catalog.write', 'org', 'catalog', 'Writes the org’s catalog resources.'),
  define('cap:catalog.publish', 'org', 'catalog', 'Publishes the org’s catalog resources.'),
  define('cap:catalog.admin', 'platform', 'catalog', 'Administers the catalog.'),
  define('cap:registry.write', 'org', 'catalog', 'Creates and edits the org’s registry rows.'),
  // Publishing into and signing for the shared registry are platform acts (issue 16: an org admin's agent must not
  // publish what every tenant serves); org admins publish their org's rows through their org role.
  define('cap:registry.publish', 'platform', 'catalog', 'Publishes registry rows that every tenant may consume.'),
  define('cap:registry.sign', 'platform', 'catalog', 'Signs registry rows for the whole platform.'),
  define('cap:registry.certify', 'platform', 'catalog', 'Certifies registry rows for the whole platform.'),

  // messaging (messaging.md §3).
  define('cap:messaging.send', 'org', 'messaging', 'Sends messages in the org’s conversations.'),
  define('cap:messaging.write', 'org', 'messaging', 'Creates the org’s conversations.'),
  define('cap:messaging.interrupt', 'org', 'messaging', 'Pauses, resumes, preempts or cancels streams.'),
  define('cap:messaging.route', 'org', 'messaging', 'Routes and hands off streams.'),
  define('cap:messaging.observe', 'org', 'messaging', 'Watches the org’s conversations (agents).'),
  define('cap:messaging.admin', 'platform', 'messaging', 'Administers every conversation.', [
    'messaging:admin',
    'collaborate:admin',
  ]),

  // integrations (integrations.md).
  define('cap:integrations.execute', 'org', 'integrations', 'Spends the org’s stored provider keys.'),
  define('cap:integrations.admin', 'platform', 'integrations', 'Administers integrations.'),

  // Services built later declare their rights here when they land; until then only their admin right exists.
  define('cap:logs.read', 'org', 'logging', 'Reads the org’s logs.'),
  define('cap:logging.admin', 'platform', 'logging', 'Administers logging.'),
  define('cap:network.admin', 'platform', 'network', 'Administers the network.'),
  // network (network.md §12.2). Reads and sending are org-scoped: views are limited to the org's nodes plus the
  // platform's service nodes (network.md §12.4). Policies, contracts and node administration shape routing for every tenant.
  define('cap:network.topology.read', 'org', 'network', 'Reads the topology of the org’s nodes.'),
  define('cap:network.events.read', 'org', 'network', 'Reads and watches the org’s events.'),
  define('cap:network.events.write', 'org', 'network', 'Sends events from nodes the holder owns.'),
  define('cap:network.traces.read', 'org', 'network', 'Reads routing traces of the org’s events.'),
  define('cap:network.policies.read', 'org', 'network', 'Reads the routing policies.'),
  define('cap:network.policies.write', 'platform', 'network', 'Writes the routing policies every event passes.'),
  define('cap:network.contracts.write', 'platform', 'network', 'Creates and deletes routing contracts.'),
  define('cap:network.nodes.admin', 'platform', 'network', 'Registers, removes and binds any node and bridge.'),
  define('cap:runtime.admin', 'platform', 'runtime', 'Administers the runtime.'),
  define('cap:assistants.admin', 'platform', 'assistants', 'Administers assistants.'),
  define('cap:models.admin', 'platform', 'models', 'Administers local models.'),
]);

const byName = new Map<string, CapabilityDefinition>();
for (const definition of capabilityDefinitions) {
  for (const key of [definition.name, ...definition.aliases]) {
    if (byName.has(key)) throw new Error(`capability registry: ${key} is listed twice`);
    byName.set(key, definition);
  }
}

/** The definition for a canonical name or an alias; undefined for anything the platform does not know. */
export function findCapability(name: string): CapabilityDefinition | undefined {
  return byName.get(name);
}

/** Canonical name of a known capability or alias; an unknown name is returned unchanged (it matches nothing). */
export function canonicalCapability(name: string): string {
  return byName.get(name)?.name ?? name;
}

/** Canonical names of `names`, deduplicated, in first-seen order. */
export function canonicalCapabilities(names: readonly string[]): string[] {
  return [...new Set(names.map(canonicalCapability))];
}
