/**
 * The refusal codes `@symbia/auth` and every service share for one concept each (STYLE 6): a service imports
 * these instead of declaring its own name for the same refusal.
 */
export const AuthErrorCodes = {
  /** A user-only route called by an agent or a service (identity W17). */
  usersOnly: 'users_only',
  /** An agent-only route called by a user or a service. */
  agentsOnly: 'agents_only',
  /** The caller is not a member of the organization the request targets. */
  notOrgMember: 'not_org_member',
  /** A service principal lacks the capability the route needs. */
  capabilityRequired: 'capability_required',
  /** Super admin rights, read from identity's database, are required. */
  superAdminRequired: 'superadmin_required',
  /** `X-As-User-Id` refused: not honoured here, or the caller may not act for someone else (DESIGN §6). */
  impersonationNotAllowed: 'impersonation_not_allowed',
  /** An API key without the route's scope (DESIGN §6). */
  apiKeyScopeMissing: 'api_key_scope_missing',
} as const;

export type AuthErrorCode = (typeof AuthErrorCodes)[keyof typeof AuthErrorCodes];
