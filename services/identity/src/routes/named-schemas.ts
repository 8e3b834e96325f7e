import { createSchemaRegistry } from '@symbia/kit';
import { agentProfile } from './agents.schemas.js';
import { enrichedUserSchema, messageSchema, orgRefSchema } from './common.schemas.js';
import { credentialSummary, resolvedCredential } from './credentials.schemas.js';
import { entitySchema } from './entities.schemas.js';
import { orgSchemas } from './orgs.js';
import { applicationSchema, projectSchema, scopedEntitlementSchema, serviceSchema } from './projects.schemas.js';
import { revocationEventSchema } from './revocations.schemas.js';

/**
 * Identity's named schemas: each is one entry of openapi.json's `components.schemas`, referred to by every route
 * that answers with it, so generated clients get one `EnrichedUser` type rather than one per route.
 */
export const identitySchemas = createSchemaRegistry();
identitySchemas.add(enrichedUserSchema, { id: 'EnrichedUser' });
identitySchemas.add(orgRefSchema, { id: 'OrgRef' });
identitySchemas.add(messageSchema, { id: 'MessageResponse' });
identitySchemas.add(orgSchemas.orgSchema, { id: 'Organization' });
identitySchemas.add(orgSchemas.planSchema, { id: 'Plan' });
identitySchemas.add(orgSchemas.featureSchema, { id: 'OrgFeature' });
identitySchemas.add(agentProfile, { id: 'AgentProfile' });
identitySchemas.add(credentialSummary, { id: 'CredentialSummary' });
identitySchemas.add(resolvedCredential, { id: 'ResolvedCredential' });
identitySchemas.add(entitySchema, { id: 'Entity' });
identitySchemas.add(projectSchema, { id: 'Project' });
identitySchemas.add(applicationSchema, { id: 'Application' });
identitySchemas.add(serviceSchema, { id: 'ProjectService' });
identitySchemas.add(scopedEntitlementSchema, { id: 'ScopedEntitlement' });
identitySchemas.add(revocationEventSchema, { id: 'RevocationEvent' });
