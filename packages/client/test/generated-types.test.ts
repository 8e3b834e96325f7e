import { readFile } from 'node:fs/promises';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { components as CatalogComponents, paths as CatalogPaths } from '../src/generated/catalog.js';
import type { components as IdentityComponents, paths as IdentityPaths } from '../src/generated/identity.js';
import type { components as MessagingComponents, paths as MessagingPaths } from '../src/generated/messaging.js';
import type {
  AgentProfile,
  ApiKey,
  Artifact,
  BulkResult,
  CatalogStats,
  Conversation,
  ConversationWithParticipants,
  CreatedApiKey,
  CreateEntityInput,
  Credential,
  Entity,
  EntityQuery,
  Me,
  Message,
  OrgSummary,
  Participant,
  ResolvedCredential,
  Resource,
  ResourceVersion,
  SendMessageInput,
  Signature,
  TokenPair,
} from '../src/index.js';
import { generatedPathOf, generatedServices, generateTypesOf } from '../scripts/generate-types.js';

// The SDK's types are generated from the committed OpenAPI documents (services/<name>/openapi.json). A route change
// updates the document (`npm run openapi`, checked by each service's contract test); this fails until the SDK's
// generated types follow it (`npm run generate -w @symbia/client`), and `npm run typecheck` then checks the SDK's
// hand-written layer against them.
describe('generated SDK types', () => {
  it.each(generatedServices)('src/generated/%s.ts is what the committed openapi.json generates', async (service) => {
    const committed = await readFile(generatedPathOf(service), 'utf8').catch(() => '');
    const expected = await generateTypesOf(service);
    expect(
      committed === expected,
      `packages/client/src/generated/${service}.ts is stale: run \`npm run generate -w @symbia/client\``,
    ).toBe(true);
  });

  // Compile-time: checked by `npm run typecheck` (vitest does not type-check). The SDK's names are the documents'
  // shapes, and none collapsed to `never` through a path or method the document no longer has.
  it('names the documents’ shapes', () => {
    type IdentityJson<P extends keyof IdentityPaths, M extends 'get' | 'post'> = IdentityPaths[P][M] extends {
      responses: { 200: { content: { 'application/json': infer B } } };
    }
      ? B
      : never;
    expectTypeOf<Me>().toEqualTypeOf<IdentityJson<'/api/users/me', 'get'>>();
    expectTypeOf<OrgSummary[]>().toEqualTypeOf<IdentityJson<'/api/orgs', 'get'>['organizations']>();
    expectTypeOf<ApiKey[]>().toEqualTypeOf<IdentityJson<'/api/api-keys', 'get'>>();
    expectTypeOf<CreatedApiKey>().toEqualTypeOf<IdentityJson<'/api/api-keys', 'post'>>();
    expectTypeOf<Credential[]>().toEqualTypeOf<IdentityJson<'/api/credentials', 'get'>>();
    expectTypeOf<AgentProfile>().toEqualTypeOf<IdentityJson<'/api/agents/{id}', 'get'>>();
    expectTypeOf<TokenPair>().toEqualTypeOf<{
      token: string;
      expiresAt: string;
      refreshToken: string;
      refreshTokenExpiresAt: string;
    }>();
    expectTypeOf<Entity>().toEqualTypeOf<IdentityComponents['schemas']['Entity']>();
    expectTypeOf<Entity['type']>().toEqualTypeOf<CreateEntityInput['type']>();
    expectTypeOf<CreateEntityInput>().not.toBeNever();
    expectTypeOf<EntityQuery>().not.toBeNever();
    expectTypeOf<ResolvedCredential>().not.toBeNever();
    expectTypeOf<BulkResult>().not.toBeNever();
    expectTypeOf<CatalogStats>().not.toBeNever();
    expectTypeOf<Conversation>().toEqualTypeOf<MessagingComponents['schemas']['Conversation']>();
    expectTypeOf<Participant>().toEqualTypeOf<MessagingComponents['schemas']['Participant']>();
    expectTypeOf<SendMessageInput>().not.toBeNever();

    expectTypeOf<ResourceVersion>().toEqualTypeOf<CatalogComponents['schemas']['ResourceVersion']>();
    expectTypeOf<Artifact>().toEqualTypeOf<CatalogComponents['schemas']['Artifact']>();
    expectTypeOf<Signature>().toEqualTypeOf<CatalogComponents['schemas']['Signature']>();
    expectTypeOf<Resource>().toExtend<CatalogComponents['schemas']['Resource']>();
    expectTypeOf<Resource['type']>().toEqualTypeOf<CatalogComponents['schemas']['Resource']['type']>();
    expectTypeOf<CatalogPaths['/api/resources/{id}']['get']>().not.toBeNever();

    type Conv = MessagingPaths['/api/conversations/{id}']['get']['responses'][200]['content']['application/json'];
    expectTypeOf<ConversationWithParticipants>().toEqualTypeOf<Conv>();
    expectTypeOf<Message>().toEqualTypeOf<
      MessagingPaths['/api/conversations/{id}/messages']['post']['responses'][201]['content']['application/json']
    >();
  });
});
