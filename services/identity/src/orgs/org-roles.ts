/** A member's role in an organization (identity.md §5.2); the memberships table, the tokens and the routes use this list. */
export const orgRoles = ['admin', 'member', 'viewer'] as const;
export type OrgRole = (typeof orgRoles)[number];
