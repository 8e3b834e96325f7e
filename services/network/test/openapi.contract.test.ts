import path from 'node:path';
import { describeOpenApiDrift, readCommittedOpenApi } from '@symbia/testing';
import { describe, expect, it } from 'vitest';
import { currentOpenApiOf, openApiFileOf } from '../../../scripts/write-openapi.js';

// services/network/openapi.json is the committed contract (clients and the SDK's types are generated from it): it must
// be exactly what the routes produce, so a schema change without a regenerated document fails here.
describe('network OpenAPI document', () => {
  it('is committed and matches the routes', async () => {
    const file = openApiFileOf('network');
    const drift = describeOpenApiDrift(
      await readCommittedOpenApi(file),
      await currentOpenApiOf('network'),
      path.relative(process.cwd(), file),
    );
    if (drift !== undefined) expect.fail(drift);
    expect(drift).toBeUndefined();
  }, 60_000);
});
