/** network.md §12.2: the capabilities network's routes and socket events check. */
export const NetworkPermissions = {
  topologyRead: 'cap:network.topology.read',
  eventsRead: 'cap:network.events.read',
  eventsWrite: 'cap:network.events.write',
  tracesRead: 'cap:network.traces.read',
  policiesRead: 'cap:network.policies.read',
  policiesWrite: 'cap:network.policies.write',
  contractsWrite: 'cap:network.contracts.write',
  nodesAdmin: 'cap:network.nodes.admin',
  /** The service's admin right: sees every tenant's nodes, events and traces. */
  admin: 'cap:network.admin',
} as const;

export type NetworkPermission = (typeof NetworkPermissions)[keyof typeof NetworkPermissions];
