import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareSpecCopies, repoRoot } from './spec-documents.js';

// docs/spec holds copies of ../shared/spec/*.md, ../shared/DESIGN.md and ../shared/STYLE.md (docs/spec/README.md).
const docsSpec = path.join(repoRoot, 'docs/spec');
const shared = path.join(repoRoot, '../shared');

describe('docs/spec is in step with ../shared', () => {
  it('holds every shared document, byte for byte (when ../shared sits beside the clone, as in CI)', () => {
    if (!existsSync(shared)) {
      console.warn('docs/spec: no ../shared beside this clone, so the copies were not compared');
      return;
    }
    const report = compareSpecCopies(docsSpec, shared);
    const problems = [
      ...report.missing.map((name) => `docs/spec/${name} is missing`),
      ...report.outOfDate.map((name) => `docs/spec/${name} is out of date: copy it again from ../shared`),
      ...report.extra.map((name) => `docs/spec/${name} has no original in ../shared`),
    ];
    expect(problems).toEqual([]);
  });
});

describe('compareSpecCopies', () => {
  let scratch = '';
  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** Originals identity.md, messaging.md, DESIGN.md and STYLE.md, and a copy of each beside them. */
  function layout(): { copies: string; originals: string } {
    scratch = mkdtempSync(path.join(tmpdir(), 'spec-sync-'));
    const originals = path.join(scratch, 'shared');
    const copies = path.join(scratch, 'docs-spec');
    for (const name of ['identity.md', 'messaging.md', 'DESIGN.md', 'STYLE.md']) {
      const original = ['DESIGN.md', 'STYLE.md'].includes(name)
        ? path.join(originals, name)
        : path.join(originals, 'spec', name);
      cpSync(path.join(docsSpec, name), original);
      cpSync(path.join(docsSpec, name), path.join(copies, name));
    }
    writeFileSync(path.join(copies, 'README.md'), '# Ours, not a copy\n');
    return { copies, originals };
  }

  it('names a copy whose original changed', () => {
    const { copies, originals } = layout();
    writeFileSync(path.join(originals, 'spec', 'messaging.md'), '# Messaging, revised\n');
    expect(compareSpecCopies(copies, originals)).toEqual({ missing: [], outOfDate: ['messaging.md'], extra: [] });
  });

  it('names a new original with no copy and a copy whose original is gone', () => {
    const { copies, originals } = layout();
    writeFileSync(path.join(originals, 'spec', 'billing.md'), '# Billing\n');
    rmSync(path.join(originals, 'spec', 'identity.md'));
    expect(compareSpecCopies(copies, originals)).toEqual({
      missing: ['billing.md'],
      outOfDate: [],
      extra: ['identity.md'],
    });
  });

  it('finds nothing to say when every copy matches', () => {
    const { copies, originals } = layout();
    expect(compareSpecCopies(copies, originals)).toEqual({ missing: [], outOfDate: [], extra: [] });
  });
});
