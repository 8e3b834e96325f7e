// What vitest-global-setup hands to test workers through `project.provide` / `inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test PostgreSQL server (DATABASE_URL or the embedded one). */
    symbiaAdminDatabaseUrl: string;
    /** Base URL of the broker that starts one shared identity per worker (identity/shared-identity.ts). */
    symbiaIdentityBrokerUrl: string;
  }
}

export const ADMIN_DATABASE_URL_ENV = 'SYMBIA_TEST_ADMIN_DATABASE_URL';
