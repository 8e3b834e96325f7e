import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { applicationServices, applications, memberships, projects, projectServices } from '../db/schema.js';

export type ProjectRow = typeof projects.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;
export type ProjectServiceRow = typeof projectServices.$inferSelect;
export type LinkRow = typeof applicationServices.$inferSelect;
/** A row together with the caller's role in its org; found only through the caller's membership. */
export type AsMember<T> = T & { role: string };

/**
 * Projects, applications, services and their links. Lookups by id go through the caller's membership
 * (another org's row is unreachable); writes take `orgId` as a required argument (STYLE 9).
 */
export interface ProjectStore {
  listProjects(orgId: string): Promise<ProjectRow[]>;
  /** undefined when the slug is taken in the org. */
  insertProject(
    row: Pick<ProjectRow, 'id' | 'orgId' | 'name' | 'slug' | 'description'>,
  ): Promise<ProjectRow | undefined>;
  findProjectAsMember(userId: string, id: string): Promise<AsMember<ProjectRow> | undefined>;
  updateProject(
    orgId: string,
    id: string,
    patch: Partial<Pick<ProjectRow, 'name' | 'description' | 'status'>>,
  ): Promise<ProjectRow | undefined>;
  deleteProject(orgId: string, id: string): Promise<boolean>;

  listApplications(orgId: string, projectId: string): Promise<ApplicationRow[]>;
  insertApplication(row: Omit<ApplicationRow, 'createdAt'>): Promise<ApplicationRow>;
  findApplicationAsMember(userId: string, id: string): Promise<AsMember<ApplicationRow> | undefined>;
  updateApplication(
    orgId: string,
    id: string,
    patch: Partial<Pick<ApplicationRow, 'name' | 'environment' | 'appType' | 'repoUrl'>>,
  ): Promise<ApplicationRow | undefined>;
  deleteApplication(orgId: string, id: string): Promise<boolean>;

  listServices(orgId: string, projectId: string): Promise<ProjectServiceRow[]>;
  insertService(row: Omit<ProjectServiceRow, 'createdAt'>): Promise<ProjectServiceRow>;
  findServiceAsMember(userId: string, id: string): Promise<AsMember<ProjectServiceRow> | undefined>;
  updateService(
    orgId: string,
    id: string,
    patch: Partial<
      Pick<ProjectServiceRow, 'name' | 'serviceType' | 'provider' | 'endpointUrl' | 'externalId' | 'status'>
    >,
  ): Promise<ProjectServiceRow | undefined>;
  deleteService(orgId: string, id: string): Promise<boolean>;

  /** Idempotent: an existing link is returned as is. */
  link(orgId: string, row: Pick<LinkRow, 'id' | 'applicationId' | 'serviceId'>): Promise<LinkRow>;
  unlink(orgId: string, applicationId: string, serviceId: string): Promise<boolean>;
  linkedServices(orgId: string, applicationId: string): Promise<ProjectServiceRow[]>;
}

const role = { role: memberships.role };
// An empty PATCH changes nothing (and an UPDATE without columns is invalid SQL).
export const isEmpty = (patch: object): boolean => Object.values(patch).every((v) => v === undefined);

export function createProjectStore(db: Db): ProjectStore {
  const memberOf = (
    userId: string,
    orgColumn: typeof projects.orgId | typeof applications.orgId | typeof projectServices.orgId,
  ) => and(eq(memberships.orgId, orgColumn), eq(memberships.userId, userId));

  return {
    listProjects: (orgId) =>
      db.select().from(projects).where(eq(projects.orgId, orgId)).orderBy(asc(projects.createdAt)),
    insertProject: async (row) => (await db.insert(projects).values(row).onConflictDoNothing().returning())[0],
    findProjectAsMember: async (userId, id) =>
      (
        await db
          .select({ ...getTableColumns(projects), ...role })
          .from(projects)
          .innerJoin(memberships, memberOf(userId, projects.orgId))
          .where(eq(projects.id, id))
      )[0],
    updateProject: async (orgId, id, patch) =>
      isEmpty(patch)
        ? (
            await db
              .select()
              .from(projects)
              .where(and(eq(projects.orgId, orgId), eq(projects.id, id)))
          )[0]
        : (
            await db
              .update(projects)
              .set(patch)
              .where(and(eq(projects.orgId, orgId), eq(projects.id, id)))
              .returning()
          )[0],
    deleteProject: async (orgId, id) =>
      (
        await db
          .delete(projects)
          .where(and(eq(projects.orgId, orgId), eq(projects.id, id)))
          .returning({ id: projects.id })
      ).length > 0,

    listApplications: (orgId, projectId) =>
      db
        .select()
        .from(applications)
        .where(and(eq(applications.orgId, orgId), eq(applications.projectId, projectId)))
        .orderBy(asc(applications.createdAt)),
    insertApplication: async (row) => (await db.insert(applications).values(row).returning())[0]!,
    findApplicationAsMember: async (userId, id) =>
      (
        await db
          .select({ ...getTableColumns(applications), ...role })
          .from(applications)
          .innerJoin(memberships, memberOf(userId, applications.orgId))
          .where(eq(applications.id, id))
      )[0],
    updateApplication: async (orgId, id, patch) =>
      isEmpty(patch)
        ? (
            await db
              .select()
              .from(applications)
              .where(and(eq(applications.orgId, orgId), eq(applications.id, id)))
          )[0]
        : (
            await db
              .update(applications)
              .set(patch)
              .where(and(eq(applications.orgId, orgId), eq(applications.id, id)))
              .returning()
          )[0],
    deleteApplication: async (orgId, id) =>
      (
        await db
          .delete(applications)
          .where(and(eq(applications.orgId, orgId), eq(applications.id, id)))
          .returning({ id: applications.id })
      ).length > 0,

    listServices: (orgId, projectId) =>
      db
        .select()
        .from(projectServices)
        .where(and(eq(projectServices.orgId, orgId), eq(projectServices.projectId, projectId)))
        .orderBy(asc(projectServices.createdAt)),
    insertService: async (row) => (await db.insert(projectServices).values(row).returning())[0]!,
    findServiceAsMember: async (userId, id) =>
      (
        await db
          .select({ ...getTableColumns(projectServices), ...role })
          .from(projectServices)
          .innerJoin(memberships, memberOf(userId, projectServices.orgId))
          .where(eq(projectServices.id, id))
      )[0],
    updateService: async (orgId, id, patch) =>
      isEmpty(patch)
        ? (
            await db
              .select()
              .from(projectServices)
              .where(and(eq(projectServices.orgId, orgId), eq(projectServices.id, id)))
          )[0]
        : (
            await db
              .update(projectServices)
              .set(patch)
              .where(and(eq(projectServices.orgId, orgId), eq(projectServices.id, id)))
              .returning()
          )[0],
    deleteService: async (orgId, id) =>
      (
        await db
          .delete(projectServices)
          .where(and(eq(projectServices.orgId, orgId), eq(projectServices.id, id)))
          .returning({ id: projectServices.id })
      ).length > 0,

    async link(orgId, row) {
      await db
        .insert(applicationServices)
        .values({ ...row, orgId })
        .onConflictDoNothing();
      return (
        await db
          .select()
          .from(applicationServices)
          .where(
            and(
              eq(applicationServices.orgId, orgId),
              eq(applicationServices.applicationId, row.applicationId),
              eq(applicationServices.serviceId, row.serviceId),
            ),
          )
      )[0]!;
    },
    unlink: async (orgId, applicationId, serviceId) =>
      (
        await db
          .delete(applicationServices)
          .where(
            and(
              eq(applicationServices.orgId, orgId),
              eq(applicationServices.applicationId, applicationId),
              eq(applicationServices.serviceId, serviceId),
            ),
          )
          .returning({ id: applicationServices.id })
      ).length > 0,
    linkedServices: (orgId, applicationId) =>
      db
        .select(getTableColumns(projectServices))
        .from(applicationServices)
        .innerJoin(projectServices, eq(projectServices.id, applicationServices.serviceId))
        .where(and(eq(applicationServices.orgId, orgId), eq(applicationServices.applicationId, applicationId)))
        .orderBy(asc(sql`${applicationServices.createdAt}`)),
  };
}
