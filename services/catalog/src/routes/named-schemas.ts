import { createSchemaRegistry } from '@symbia/kit';
import { artifactSchema } from './artifacts.schemas.js';
import { certificationSchema, signatureSchema } from './attestations.schemas.js';
import { resourcePageSchema, resourceSchema, successSchema } from './resources.schemas.js';
import { versionSchema } from './versions.schemas.js';

/**
 * Catalog's named schemas: each is one entry of openapi.json's `components.schemas`, referred to by every route
 * that answers with it, so generated clients get one `Resource` type rather than one per route.
 */
export const catalogSchemas = createSchemaRegistry();
catalogSchemas.add(resourceSchema, { id: 'Resource' });
catalogSchemas.add(resourcePageSchema, { id: 'ResourcePage' });
catalogSchemas.add(successSchema, { id: 'Success' });
catalogSchemas.add(versionSchema, { id: 'ResourceVersion' });
catalogSchemas.add(artifactSchema, { id: 'Artifact' });
catalogSchemas.add(signatureSchema, { id: 'Signature' });
catalogSchemas.add(certificationSchema, { id: 'Certification' });
