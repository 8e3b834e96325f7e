import { uuidv7 } from '@symbia/kit';
import { conflict, unauthorized } from '@symbia/kit/errors';
import { systemActor, type AuditActor } from '../audit/audit-log.js';
import { randomToken, sha256Hex } from '../crypto/random.js';
import { IdentityErrorCodes } from '../errors.js';
import type { OrgStore } from '../orgs/org.store.js';
import type { UserService } from '../users/user.service.js';
import type { UserRow, UserStore } from '../users/user.store.js';
import type { SetupTokenOutput } from './setup-token-output.js';
import type { SetupStore } from './setup.store.js';

export const SYSTEM_ORG = {
  id: '00000000-0000-0000-0000-000000000001',
  name: 'Symbia System',
  slug: 'symbia-system',
} as const;

export interface SetupLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

export interface SetupService {
  /**
   * Every start: ensure the system org; with no super admin, create one from SYMBIA_ADMIN_* or show one
   * one-time setup token on the terminal, never in the log (only its hash is stored). Public registration
   * never creates a super admin.
   */
  bootstrap(admin: { email: string; password: string } | null): Promise<void>;
  createAdmin(
    input: { token: string; email: string; password: string; name: string },
    actor: AuditActor,
  ): Promise<UserRow>;
}

export function createSetupService(deps: {
  store: SetupStore;
  users: UserStore;
  orgs: OrgStore;
  userService: UserService;
  logger: SetupLogger;
  terminal: SetupTokenOutput;
}): SetupService {
  const { store, users, orgs, userService, logger, terminal } = deps;
  return {
    async bootstrap(admin) {
      await orgs.ensure(SYSTEM_ORG);
      if ((await users.countSuperAdmins()) > 0) return;
      if (admin) {
        const user = await userService.createSuperAdmin({ ...admin, name: 'Administrator' }, systemActor);
        // The password is never logged; the email is an account name, not a secret.
        logger.info({ userId: user.id, email: user.email }, 'super admin created from SYMBIA_ADMIN_EMAIL');
        return;
      }
      if (!terminal.canShow()) {
        // A token nobody can see is useless, and replacing one would void a token another replica showed.
        logger.warn(
          {},
          'No super admin exists and there is no terminal to show a setup token on: set SYMBIA_ADMIN_EMAIL and SYMBIA_ADMIN_PASSWORD and restart',
        );
        return;
      }
      const token = `setup_${randomToken()}`;
      await store.replace(uuidv7(), sha256Hex(token));
      terminal.show(`No super admin exists. One-time setup token (POST /api/setup/admin): ${token}`);
      logger.warn(
        {},
        'No super admin exists; a one-time setup token was shown on the terminal (POST /api/setup/admin)',
      );
    },
    async createAdmin(input, actor) {
      if ((await users.countSuperAdmins()) > 0)
        throw conflict('A super admin already exists', IdentityErrorCodes.superAdminExists);
      if (!(await store.consume(sha256Hex(input.token))))
        throw unauthorized('Invalid or used setup token', IdentityErrorCodes.invalidSetupToken);
      return userService.createSuperAdmin({ email: input.email, password: input.password, name: input.name }, actor);
    },
  };
}
