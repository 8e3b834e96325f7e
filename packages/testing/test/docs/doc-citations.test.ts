import { describe, expect, it } from 'vitest';
import { brokenCitations, findCitations, loadDocuments, unresolved } from './spec-documents.js';

// Every `§N` and `WN` in the code resolves in docs/spec (rules in docs/spec/README.md).
const documents = loadDocuments();

function problems(file: string, source: string): string[] {
  return findCitations(file, source).flatMap((citation) => unresolved(citation, documents) ?? []);
}

describe('citations in the code', () => {
  it('all resolve in docs/spec and docs/decisions.md', () => {
    expect(brokenCitations()).toEqual([]);
  });
});

describe('the citation reader', () => {
  it('resolves named documents, sections, numbered items, weaknesses and decisions', () => {
    const source = [
      '// identity.md §4.4 and §5.1; DESIGN §6; DESIGN.md §8; STYLE 24',
      '/** messaging W7, identity W20, catalog W15 (a numbered list), platform.md W9 (a table), website-and-cli.md A6 and F2. */',
      '-- catalog.md §14.16 is scenario 16 of §14; decision 7 and docs/decisions.md 9',
    ].join('\n');
    const citations = findCitations('packages/kit/src/example.ts', source);
    expect(citations.map((c) => `${c.document} ${c.id}`)).toEqual([
      'identity 4.4',
      'identity 5.1',
      'DESIGN 6',
      'DESIGN 8',
      'STYLE 24',
      'messaging W7',
      'identity W20',
      'catalog W15',
      'platform W9',
      'website-and-cli A6',
      'website-and-cli F2',
      'catalog 14.16',
      'catalog 14',
      'decisions 7',
      'decisions 9',
    ]);
    expect(problems('packages/kit/src/example.ts', source)).toEqual([]);
  });

  it('reads a bare number against the spec of the service folder it sits in', () => {
    expect(findCitations('services/messaging/src/x.ts', '// W7 (§5.3)').map((c) => `${c.document} ${c.id}`)).toEqual([
      'messaging W7',
      'messaging 5.3',
    ]);
    expect(findCitations('apps/platform/src/x.ts', '// W15').map((c) => c.document)).toEqual(['platform']);
    // DESIGN has no weakness list, so a W after it is still the folder's.
    expect(
      findCitations('services/messaging/src/x.ts', '// DESIGN §6, W4').map((c) => `${c.document} ${c.id}`),
    ).toEqual(['DESIGN 6', 'messaging W4']);
  });

  it('refuses a bare number outside a service folder, a missing section and a missing weakness', () => {
    expect(problems('packages/auth/src/x.ts', '// a key never carries admin rights (W9)')).toEqual([
      'W9 names no document and packages/auth/src/x.ts has no home spec: write e.g. "libraries.md §1.5" or "identity W9"',
    ]);
    expect(problems('services/catalog/src/x.ts', '// catalog.md §14.99, messaging W20, identity.md §99')).toEqual([
      'docs/spec/catalog.md has no section 14.99',
      'docs/spec/messaging.md has no weakness W20',
      'docs/spec/identity.md has no section 99',
    ]);
    expect(problems('services/catalog/src/x.ts', '// W99 and decision 9999')).toEqual([
      'docs/spec/catalog.md has no weakness W99',
      'docs/decisions.md has no section 9999',
    ]);
  });

  it('leaves external references alone', () => {
    expect(
      findCitations('packages/kit/src/x.ts', '// RFC 5321 §4.5.2 and WHATWG HTML §9.2.6; W3C trace ids; F1 score'),
    ).toEqual([]);
  });
});
