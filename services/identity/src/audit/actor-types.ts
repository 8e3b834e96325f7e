/** Who can act in the audit log (audit_logs.actor_type); the route schema answers from this list. */
export const auditActorTypes = ['user', 'agent', 'service', 'anonymous', 'system'] as const;
export type AuditActorType = (typeof auditActorTypes)[number];
