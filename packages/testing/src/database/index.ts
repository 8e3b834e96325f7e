export { createTestDatabase, type CreateTestDatabaseOptions, type TestDatabase } from './test-database.js';
export { resolveAdminDatabaseUrl } from './admin-database-url.js';
export { ADMIN_DATABASE_URL_ENV } from './provided-context.js';
