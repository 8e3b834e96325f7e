export {
  startIdentityForTests,
  connectIdentityForTests,
  bearer,
  TEST_USER_PASSWORD,
  type IdentityForTests,
  type IdentityAddress,
  type StartIdentityForTestsOptions,
  type Session,
  type OrgSession,
  type OrgRole,
} from './start-identity-for-tests.js';
export { sharedIdentityForTests } from './shared-identity.js';
