export {
  startIdentityForTests,
  bearer,
  TEST_USER_PASSWORD,
  type IdentityForTests,
  type StartIdentityForTestsOptions,
  type Session,
  type OrgSession,
  type OrgRole,
} from './start-identity-for-tests.js';
