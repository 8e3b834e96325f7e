import { uuidv7 } from '@symbia/kit';
import { badRequest, notFound } from '@symbia/kit/errors';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { PasswordHasher } from '../crypto/password-hasher.js';
import { randomHex, sha256Hex } from '../crypto/random.js';
import { IdentityErrorCodes } from '../errors.js';
import type { SessionService } from '../sessions/session.service.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import { normalizeEmail } from '../users/user.service.js';
import type { UserStore } from '../users/user.store.js';
import type { PasswordResetStore } from './password-reset.store.js';

/** Sends the reset link; without one (SMTP_URL unset) forgot-password says emailEnabled:false. */
export interface PasswordResetMailer {
  sendPasswordReset(to: string, link: string): Promise<void>;
}

export type ForgotPasswordAnswer = { message: string; emailEnabled?: false };

export interface IssuedResetToken {
  token: string;
  expiresAt: Date;
  resetUrl: string;
}

export interface PasswordResetService {
  /** identity.md §4.7: the same answer whether or not the account exists. */
  forgot(email: string, actor: AuditActor): Promise<ForgotPasswordAnswer>;
  reset(token: string, password: string, actor: AuditActor): Promise<void>;
  /** Super admins hand a reset link to a user out of band (no mailer needed). */
  issueForUser(userId: string, actor: AuditActor): Promise<IssuedResetToken>;
}

export const RESET_SENT_MESSAGE = 'If an account exists, a reset link has been sent';
export const RESET_DISABLED_MESSAGE =
  'Password reset is not available at this time. Please contact your administrator.';
const TOKEN_TTL_MS = 3600 * 1000;

export function createPasswordResetService(deps: {
  store: PasswordResetStore;
  users: UserStore;
  hasher: PasswordHasher;
  sessions: SessionService;
  throttle: LoginThrottle;
  audit: AuditLog;
  publicBaseUrl: string;
  mailer?: PasswordResetMailer;
  /** A mail that could not be sent (the caller was already answered). */
  onMailError?: (error: unknown, userId: string) => void;
  clock?: () => number;
}): PasswordResetService {
  const { store, users, hasher, sessions, throttle, audit, mailer, clock = Date.now } = deps;
  const base = deps.publicBaseUrl.replace(/\/+$/, '');

  const issue = async (userId: string): Promise<IssuedResetToken> => {
    const now = new Date(clock());
    // One outstanding link per user: a new one retires the previous ones.
    await store.retireAllOfUser(userId, now);
    const token = randomHex(32);
    const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS);
    await store.insert({ id: uuidv7(), userId, tokenHash: sha256Hex(token), expiresAt });
    return { token, expiresAt, resetUrl: `${base}/reset-password?token=${token}` };
  };

  const refuse = async (tokenHash: string, now: Date): Promise<never> => {
    const row = await store.findByHash(tokenHash);
    if (row?.usedAt)
      throw badRequest('This reset link has already been used', undefined, IdentityErrorCodes.resetTokenUsed);
    if (row && row.expiresAt <= now)
      throw badRequest('This reset link has expired', undefined, IdentityErrorCodes.resetTokenExpired);
    throw badRequest('Invalid or expired reset link', undefined, IdentityErrorCodes.invalidResetToken);
  };

  return {
    async forgot(rawEmail, actor) {
      if (!mailer) return { message: RESET_DISABLED_MESSAGE, emailEnabled: false };
      const user = await users.findByEmail(normalizeEmail(rawEmail));
      if (user) {
        const issued = await issue(user.id);
        await audit.record(actor, { action: 'user.password_reset_requested', resource: 'user', resourceId: user.id });
        // Not awaited: the answer must neither wait for the mail server nor fail when it does, or its timing and
        // status would tell whether the account exists.
        mailer
          .sendPasswordReset(user.email, issued.resetUrl)
          .catch((error: unknown) => deps.onMailError?.(error, user.id));
      }
      return { message: RESET_SENT_MESSAGE };
    },

    async reset(token, password, actor) {
      const now = new Date(clock());
      const tokenHash = sha256Hex(token);
      const userId = (await store.consume(tokenHash, now)) ?? (await refuse(tokenHash, now));
      const user = await users.update(userId, { passwordHash: await hasher.hash(password) });
      if (!user || user === 'email_taken')
        throw badRequest('Invalid or expired reset link', undefined, IdentityErrorCodes.invalidResetToken);
      await store.retireAllOfUser(userId, now);
      // W5: every session of the user ends; a locked account is unlocked by proving the reset link.
      await sessions.revokeAllOfUser(userId, 'password_reset');
      await throttle.recordSuccess(user.email);
      await audit.record(
        { ...actor, type: 'user', id: userId },
        { action: 'user.password_reset', resource: 'user', resourceId: userId },
      );
    },

    async issueForUser(userId, actor) {
      if (!(await users.findById(userId))) throw notFound('User not found');
      const issued = await issue(userId);
      await audit.record(actor, { action: 'admin.password_reset_issued', resource: 'user', resourceId: userId });
      return issued;
    },
  };
}
