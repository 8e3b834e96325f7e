import { uuidv7 } from '@symbia/kit';
import { badRequest, notFound, unauthorized } from '@symbia/kit/errors';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { PasswordHasher } from '../crypto/password-hasher.js';
import { IdentityErrorCodes } from '../errors.js';
import type { OrgStore } from '../orgs/org.store.js';
import { slugify } from '../orgs/slug.js';
import type { SessionService, SessionTokens } from '../sessions/session.service.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import type { EnrichedUser, ProfileStore } from './profile.store.js';
import type { UserRow, UserStore } from './user.store.js';

export type { EnrichedUser } from './profile.store.js';

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  orgName?: string;
}

export type TxStores = { users: UserStore; orgs: OrgStore };
export type RunInTransaction = <T>(fn: (stores: TxStores) => Promise<T>) => Promise<T>;

export interface UserService {
  register(
    input: RegisterInput,
    actor: AuditActor,
  ): Promise<{ user: UserRow; organization: { id: string; name: string; slug: string } | null; tokens: SessionTokens }>;
  login(email: string, password: string, actor: AuditActor): Promise<{ user: EnrichedUser; tokens: SessionTokens }>;
  enriched(userId: string): Promise<EnrichedUser>;
  updateProfile(userId: string, patch: { name?: string; email?: string }, actor: AuditActor): Promise<UserRow>;
  changePassword(
    userId: string,
    sessionId: string | null,
    current: string,
    next: string,
    actor: AuditActor,
  ): Promise<void>;
  /** Creates a user directly (super admin bootstrap); never through public registration. */
  createSuperAdmin(input: { email: string; password: string; name: string }, actor: AuditActor): Promise<UserRow>;
}

export interface UserServiceDeps {
  users: UserStore;
  profiles: ProfileStore;
  hasher: PasswordHasher;
  sessions: SessionService;
  throttle: LoginThrottle;
  audit: AuditLog;
  transaction: RunInTransaction;
  systemOrgId: string;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
const invalidLogin = () => unauthorized('Invalid email or password', IdentityErrorCodes.invalidCredentials);
const emailInUse = () =>
  badRequest(
    'Email already in use',
    [{ field: 'body.email', message: 'is already registered' }],
    IdentityErrorCodes.emailInUse,
  );

export function createUserService(deps: UserServiceDeps): UserService {
  const { users, profiles, hasher, sessions, throttle, audit, transaction } = deps;

  const enriched = async (userId: string): Promise<EnrichedUser> =>
    (await profiles.find(userId)) ?? Promise.reject(notFound('User not found'));

  return {
    async register(input, actor) {
      const email = normalizeEmail(input.email);
      const passwordHash = await hasher.hash(input.password);
      // W11: user, org and membership commit together; DESIGN §9: registration never makes a super admin.
      const { user, organization } = await transaction(async (tx) => {
        const user = { id: uuidv7(), email, passwordHash, name: input.name, isSuperAdmin: false };
        if (!(await tx.users.insert(user))) throw emailInUse();
        if (input.orgName === undefined) return { user, organization: null };
        const base = slugify(input.orgName);
        for (let n = 1; n < 100; n += 1) {
          const org = { id: uuidv7(), name: input.orgName, slug: n === 1 ? base : `${base}-${n}`, planId: null };
          if (await tx.orgs.insert(org)) {
            await tx.orgs.addMember({ id: uuidv7(), orgId: org.id, userId: user.id, role: 'admin' });
            return { user, organization: { id: org.id, name: org.name, slug: org.slug } };
          }
        }
        throw badRequest('Could not derive a free organization slug', [
          { field: 'body.orgName', message: 'too many organizations share this name' },
        ]);
      });
      await audit.record(
        { ...actor, type: 'user', id: user.id },
        { action: 'user.registered', resource: 'user', resourceId: user.id },
      );
      if (organization) {
        await audit.record(
          { ...actor, type: 'user', id: user.id },
          { action: 'org.created', resource: 'organization', resourceId: organization.id, orgId: organization.id },
        );
      }
      const tokens = await sessions.start({ kind: 'user', id: user.id }, actor.ip ?? null);
      const row = (await users.findById(user.id))!;
      return { user: row, organization, tokens };
    },

    async login(rawEmail, password, actor) {
      const email = normalizeEmail(rawEmail);
      const ip = actor.ip ?? 'unknown';
      await throttle.assertAllowed(email, ip);
      const user = await users.findByEmail(email);
      const ok = user ? await hasher.verify(user.passwordHash, password) : (await hasher.verifyDummy(password), false);
      if (!user || !ok) {
        await throttle.recordFailure(email, ip);
        // W19: failed logins are audited, with the account attempted but never the password.
        await audit.record(
          { ...actor, type: 'anonymous' },
          { action: 'user.login_failed', resource: 'user', resourceId: user?.id ?? null, metadata: { email } },
        );
        throw invalidLogin();
      }
      await throttle.recordSuccess(email, ip);
      const tokens = await sessions.start({ kind: 'user', id: user.id }, actor.ip ?? null);
      await audit.record(
        { ...actor, type: 'user', id: user.id },
        { action: 'user.login', resource: 'session', resourceId: tokens.sessionId },
      );
      return { user: await enriched(user.id), tokens };
    },

    enriched,

    async updateProfile(userId, patch, actor) {
      const next = { ...patch, ...(patch.email !== undefined && { email: normalizeEmail(patch.email) }) };
      const updated = await users.update(userId, next);
      if (updated === 'email_taken') throw emailInUse();
      if (!updated) throw notFound('User not found');
      await audit.record(actor, {
        action: 'user.updated',
        resource: 'user',
        resourceId: userId,
        metadata: { fields: Object.keys(patch) },
      });
      return updated;
    },

    async changePassword(userId, sessionId, current, next, actor) {
      const user = await users.findById(userId);
      if (!user) throw notFound('User not found');
      if (!(await hasher.verify(user.passwordHash, current))) {
        throw badRequest(
          'Current password is incorrect',
          [{ field: 'body.currentPassword', message: 'is incorrect' }],
          IdentityErrorCodes.currentPasswordIncorrect,
        );
      }
      await users.update(userId, { passwordHash: await hasher.hash(next) });
      // W5: every other session of the user ends; the one that changed the password stays.
      await sessions.revokeAllOfUser(userId, 'password_changed', sessionId ?? undefined);
      await audit.record(actor, { action: 'user.password_changed', resource: 'user', resourceId: userId });
    },

    async createSuperAdmin(input, actor) {
      const email = normalizeEmail(input.email);
      const user = {
        id: uuidv7(),
        email,
        passwordHash: await hasher.hash(input.password),
        name: input.name,
        isSuperAdmin: true,
      };
      await transaction(async (tx) => {
        if (!(await tx.users.insert(user))) throw emailInUse();
        await tx.orgs.addMember({ id: uuidv7(), orgId: deps.systemOrgId, userId: user.id, role: 'admin' });
      });
      await audit.record(actor, {
        action: 'superadmin.created',
        resource: 'user',
        resourceId: user.id,
        orgId: deps.systemOrgId,
      });
      return (await users.findById(user.id))!;
    },
  };
}
