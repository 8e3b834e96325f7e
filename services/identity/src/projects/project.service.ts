import { uuidv7 } from '@symbia/kit';
import { badRequest, conflict, forbidden, notFound } from '@symbia/kit/errors';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import { IdentityErrorCodes } from '../errors.js';
import type { OrgStore } from '../orgs/org.store.js';
import type { ScopedEntitlementRow, ScopedEntitlementStore } from '../scoped-entitlements/scoped-entitlement.store.js';
import type {
  ApplicationRow,
  AsMember,
  LinkRow,
  ProjectRow,
  ProjectServiceRow,
  ProjectStore,
} from './project.store.js';

export type ProjectInput = { name: string; slug: string; description?: string | null };
export type ProjectPatch = Partial<Pick<ProjectRow, 'name' | 'description' | 'status'>>;
export type ApplicationInput = Pick<ApplicationRow, 'name' | 'slug'> &
  Partial<Pick<ApplicationRow, 'environment' | 'appType' | 'repoUrl' | 'metadata'>>;
export type ApplicationPatch = Partial<Pick<ApplicationRow, 'name' | 'environment' | 'appType' | 'repoUrl'>>;
export type ServiceInput = Pick<ProjectServiceRow, 'name' | 'serviceType'> &
  Partial<Pick<ProjectServiceRow, 'provider' | 'endpointUrl' | 'externalId' | 'metadata'>>;
export type ServicePatch = Partial<
  Pick<ProjectServiceRow, 'name' | 'serviceType' | 'provider' | 'endpointUrl' | 'externalId' | 'status'>
>;

export interface ProjectService {
  listProjects(userId: string, orgId: string): Promise<ProjectRow[]>;
  createProject(userId: string, orgId: string, input: ProjectInput, actor: AuditActor): Promise<ProjectRow>;
  getProject(
    userId: string,
    id: string,
  ): Promise<{
    project: ProjectRow;
    applications: ApplicationRow[];
    services: ProjectServiceRow[];
    entitlements: ScopedEntitlementRow[];
  }>;
  updateProject(userId: string, id: string, patch: ProjectPatch, actor: AuditActor): Promise<ProjectRow>;
  deleteProject(userId: string, id: string, actor: AuditActor): Promise<void>;
  listApplications(userId: string, projectId: string): Promise<ApplicationRow[]>;
  createApplication(
    userId: string,
    projectId: string,
    input: ApplicationInput,
    actor: AuditActor,
  ): Promise<ApplicationRow>;
  getApplication(
    userId: string,
    id: string,
  ): Promise<{ application: ApplicationRow; services: ProjectServiceRow[]; entitlements: ScopedEntitlementRow[] }>;
  updateApplication(userId: string, id: string, patch: ApplicationPatch, actor: AuditActor): Promise<ApplicationRow>;
  deleteApplication(userId: string, id: string, actor: AuditActor): Promise<void>;
  listServices(userId: string, projectId: string): Promise<ProjectServiceRow[]>;
  createService(userId: string, projectId: string, input: ServiceInput, actor: AuditActor): Promise<ProjectServiceRow>;
  getService(userId: string, id: string): Promise<{ service: ProjectServiceRow; entitlements: ScopedEntitlementRow[] }>;
  updateService(userId: string, id: string, patch: ServicePatch, actor: AuditActor): Promise<ProjectServiceRow>;
  deleteService(userId: string, id: string, actor: AuditActor): Promise<void>;
  link(userId: string, applicationId: string, serviceId: string, actor: AuditActor): Promise<LinkRow>;
  unlink(userId: string, applicationId: string, serviceId: string, actor: AuditActor): Promise<void>;
}

// identity.md §7.7: members and admins write, viewers only read; deletes are for admins.
const assertWriter = (role: string) => {
  if (role !== 'admin' && role !== 'member') throw forbidden('Insufficient permissions');
};
const assertAdmin = (role: string, what: string) => {
  if (role !== 'admin') throw forbidden(`Only admins can delete ${what}`);
};
const strip = <T extends { role: string }>({ role: _role, ...row }: T): Omit<T, 'role'> => row;

export function createProjectService(deps: {
  store: ProjectStore;
  orgs: OrgStore;
  entitlements: ScopedEntitlementStore;
  audit: AuditLog;
}): ProjectService {
  const { store, orgs, entitlements, audit } = deps;

  const orgRole = async (userId: string, orgId: string) => {
    const membership = await orgs.findMembership(orgId, userId);
    if (!membership) throw notFound('Organization not found');
    return membership.role;
  };
  const project = async (userId: string, id: string): Promise<AsMember<ProjectRow>> =>
    (await store.findProjectAsMember(userId, id)) ?? Promise.reject(notFound('Project not found'));
  const application = async (userId: string, id: string): Promise<AsMember<ApplicationRow>> =>
    (await store.findApplicationAsMember(userId, id)) ?? Promise.reject(notFound('Application not found'));
  const service = async (userId: string, id: string): Promise<AsMember<ProjectServiceRow>> =>
    (await store.findServiceAsMember(userId, id)) ?? Promise.reject(notFound('Service not found'));
  const record = (
    actor: AuditActor,
    action: string,
    resource: string,
    row: { id: string; orgId: string },
    metadata?: Record<string, unknown>,
  ) => audit.record(actor, { action, resource, resourceId: row.id, orgId: row.orgId, ...(metadata && { metadata }) });

  return {
    async listProjects(userId, orgId) {
      await orgRole(userId, orgId);
      return store.listProjects(orgId);
    },
    async createProject(userId, orgId, input, actor) {
      assertWriter(await orgRole(userId, orgId));
      const row = await store.insertProject({
        id: uuidv7(),
        orgId,
        name: input.name,
        slug: input.slug,
        description: input.description ?? null,
      });
      // §7.7: 409 when the slug is taken in this org; the code is the one a taken org slug answers (decision 53).
      if (!row)
        throw conflict('A project with this slug already exists in the organization', IdentityErrorCodes.slugInUse, [
          { field: 'body.slug', message: 'is taken' },
        ]);
      await record(actor, 'project.created', 'project', row);
      return row;
    },
    async getProject(userId, id) {
      const row = strip(await project(userId, id));
      const [applications, services, scoped] = await Promise.all([
        store.listApplications(row.orgId, id),
        store.listServices(row.orgId, id),
        entitlements.listForScope(row.orgId, 'project', id),
      ]);
      return { project: row, applications, services, entitlements: scoped };
    },
    async updateProject(userId, id, patch, actor) {
      const row = await project(userId, id);
      assertWriter(row.role);
      const updated = (await store.updateProject(row.orgId, id, patch))!;
      await record(actor, 'project.updated', 'project', updated, { fields: Object.keys(patch) });
      return updated;
    },
    async deleteProject(userId, id, actor) {
      const row = await project(userId, id);
      assertAdmin(row.role, 'projects');
      const [apps, services] = await Promise.all([
        store.listApplications(row.orgId, id),
        store.listServices(row.orgId, id),
      ]);
      // Applications, services and links cascade in SQL; their scoped entitlements go here.
      await store.deleteProject(row.orgId, id);
      await entitlements.deleteForScopes(row.orgId, [id, ...apps.map((a) => a.id), ...services.map((s) => s.id)]);
      await record(actor, 'project.deleted', 'project', row);
    },

    async listApplications(userId, projectId) {
      const row = await project(userId, projectId);
      return store.listApplications(row.orgId, projectId);
    },
    async createApplication(userId, projectId, input, actor) {
      const parent = await project(userId, projectId);
      assertWriter(parent.role);
      const row = await store.insertApplication({
        id: uuidv7(),
        projectId,
        orgId: parent.orgId,
        name: input.name,
        slug: input.slug,
        environment: input.environment ?? 'development',
        appType: input.appType ?? 'web',
        repoUrl: input.repoUrl || null,
        metadata: input.metadata ?? {},
      });
      await record(actor, 'application.created', 'application', row);
      return row;
    },
    async getApplication(userId, id) {
      const row = strip(await application(userId, id));
      const [services, scoped] = await Promise.all([
        store.linkedServices(row.orgId, id),
        entitlements.listForScope(row.orgId, 'application', id),
      ]);
      return { application: row, services, entitlements: scoped };
    },
    async updateApplication(userId, id, patch, actor) {
      const row = await application(userId, id);
      assertWriter(row.role);
      const updated = (await store.updateApplication(row.orgId, id, {
        ...patch,
        ...(patch.repoUrl !== undefined && { repoUrl: patch.repoUrl || null }),
      }))!;
      await record(actor, 'application.updated', 'application', updated, { fields: Object.keys(patch) });
      return updated;
    },
    async deleteApplication(userId, id, actor) {
      const row = await application(userId, id);
      assertAdmin(row.role, 'applications');
      await store.deleteApplication(row.orgId, id);
      await entitlements.deleteForScopes(row.orgId, [id]);
      await record(actor, 'application.deleted', 'application', row);
    },

    async listServices(userId, projectId) {
      const row = await project(userId, projectId);
      return store.listServices(row.orgId, projectId);
    },
    async createService(userId, projectId, input, actor) {
      const parent = await project(userId, projectId);
      assertWriter(parent.role);
      const row = await store.insertService({
        id: uuidv7(),
        projectId,
        orgId: parent.orgId,
        name: input.name,
        serviceType: input.serviceType,
        provider: input.provider ?? null,
        endpointUrl: input.endpointUrl || null,
        externalId: input.externalId ?? null,
        status: 'active',
        metadata: input.metadata ?? {},
      });
      await record(actor, 'service.created', 'service', row);
      return row;
    },
    async getService(userId, id) {
      const row = strip(await service(userId, id));
      return { service: row, entitlements: await entitlements.listForScope(row.orgId, 'service', id) };
    },
    async updateService(userId, id, patch, actor) {
      const row = await service(userId, id);
      assertWriter(row.role);
      const updated = (await store.updateService(row.orgId, id, {
        ...patch,
        ...(patch.endpointUrl !== undefined && { endpointUrl: patch.endpointUrl || null }),
      }))!;
      await record(actor, 'service.updated', 'service', updated, { fields: Object.keys(patch) });
      return updated;
    },
    async deleteService(userId, id, actor) {
      const row = await service(userId, id);
      assertAdmin(row.role, 'services');
      await store.deleteService(row.orgId, id);
      await entitlements.deleteForScopes(row.orgId, [id]);
      await record(actor, 'service.deleted', 'service', row);
    },

    async link(userId, applicationId, serviceId, actor) {
      const [app, svc] = await Promise.all([
        store.findApplicationAsMember(userId, applicationId),
        store.findServiceAsMember(userId, serviceId),
      ]);
      if (!app || !svc) throw notFound('Application or service not found');
      if (app.orgId !== svc.orgId) throw badRequest('Application and service must belong to the same organization');
      assertWriter(app.role);
      const row = await store.link(app.orgId, { id: uuidv7(), applicationId, serviceId });
      await record(actor, 'application.service_linked', 'application', app, { serviceId });
      return row;
    },
    async unlink(userId, applicationId, serviceId, actor) {
      const app = await application(userId, applicationId);
      assertWriter(app.role);
      if (!(await store.unlink(app.orgId, applicationId, serviceId))) throw notFound('Link not found');
      await record(actor, 'application.service_unlinked', 'application', app, { serviceId });
    },
  };
}
