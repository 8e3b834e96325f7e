import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The contract documents the code cites (docs/spec/), how they are kept in step with `../shared`, and the
 * reader of the citations in the code. The rules are written down in docs/spec/README.md.
 */

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Documents under docs/spec/ that are copies: name → path of the original, relative to the shared folder. */
export function sharedOriginals(sharedDir: string): Map<string, string> {
  const originals = new Map<string, string>();
  for (const name of ['DESIGN.md', 'STYLE.md']) originals.set(name, name);
  const specDir = path.join(sharedDir, 'spec');
  if (existsSync(specDir)) {
    for (const name of readdirSync(specDir)
      .filter((entry) => entry.endsWith('.md'))
      .sort()) {
      originals.set(name, path.join('spec', name));
    }
  }
  return originals;
}

export interface SpecSyncReport {
  /** Originals with no copy in docs/spec. */
  missing: string[];
  /** Copies whose text differs from the original. */
  outOfDate: string[];
  /** Copies with no original any more (README.md, which is ours, excepted). */
  extra: string[];
}

/** Compares docs/spec with the shared originals, byte for byte. */
export function compareSpecCopies(docsSpecDir: string, sharedDir: string): SpecSyncReport {
  const originals = sharedOriginals(sharedDir);
  const report: SpecSyncReport = { missing: [], outOfDate: [], extra: [] };
  for (const [name, relative] of originals) {
    const original = path.join(sharedDir, relative);
    if (!existsSync(original)) continue;
    const copy = path.join(docsSpecDir, name);
    if (!existsSync(copy)) report.missing.push(name);
    else if (!readFileSync(copy).equals(readFileSync(original))) report.outOfDate.push(name);
  }
  const copies = existsSync(docsSpecDir) ? readdirSync(docsSpecDir).filter((entry) => entry.endsWith('.md')) : [];
  for (const name of copies.sort()) {
    if (name !== 'README.md' && !originals.has(name)) report.extra.push(name);
  }
  return report;
}

/** What one document offers to cite: section ids (`4.1`, `A2`, STYLE rule numbers) and weakness ids (`W7`, `F3`). */
export interface DocumentIndex {
  sections: Set<string>;
  weaknesses: Set<string>;
}

const HEADING = /^(#{1,6})\s+(.*)$/;

/** Reads the section headings and the "Known weaknesses to avoid" list of one Markdown document. */
export function indexDocument(markdown: string, options: { numberedListIsSections?: boolean } = {}): DocumentIndex {
  const sections = new Set<string>();
  const weaknesses = new Set<string>();
  let weaknessLevel = 0;
  let section: string | null = null;
  for (const line of markdown.split('\n')) {
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      const id = /^([A-Z]?\d+(?:\.\d+)*)\.?(?:\s|$)/.exec(heading[2]!);
      section = id ? id[1]! : null;
      if (id) sections.add(id[1]!);
      if (weaknessLevel && level <= weaknessLevel) weaknessLevel = 0;
      if (/Known weaknesses to avoid/i.test(heading[2]!)) weaknessLevel = level;
      continue;
    }
    const numbered = /^(\d+)\.\s/.exec(line);
    if (options.numberedListIsSections && numbered) sections.add(numbered[1]!);
    // Item 16 of the numbered list in §14 (an acceptance scenario) is cited as §14.16.
    if (numbered && section) sections.add(`${section}.${numbered[1]}`);
    if (!weaknessLevel) continue;
    // Three list styles occur: "- **W7 Title.**", "7. **Title.**" and a table row "| W7 | … |" or "| F7 | … |".
    const bold = /^\s*[-*]\s+\*\*([A-Z]\d+)\b/.exec(line);
    const table = /^\|\s*([A-Z]\d+)\s*\|/.exec(line);
    if (bold) weaknesses.add(bold[1]!);
    else if (table) weaknesses.add(table[1]!);
    else if (numbered) weaknesses.add(`W${numbered[1]}`);
  }
  return { sections, weaknesses };
}

/** Every document of docs/spec by its short name (`messaging`, `DESIGN`), plus docs/decisions.md as `decisions`. */
export function loadDocuments(root: string = repoRoot): Map<string, DocumentIndex> {
  const documents = new Map<string, DocumentIndex>();
  const specDir = path.join(root, 'docs/spec');
  for (const name of readdirSync(specDir).filter((entry) => entry.endsWith('.md') && entry !== 'README.md')) {
    const short = name.replace(/\.md$/, '');
    documents.set(
      short,
      indexDocument(readFileSync(path.join(specDir, name), 'utf8'), { numberedListIsSections: short === 'STYLE' }),
    );
  }
  const decisions = path.join(root, 'docs/decisions.md');
  if (existsSync(decisions)) {
    const ids = new Set<string>();
    for (const match of readFileSync(decisions, 'utf8').matchAll(/^(\d+)\.\s/gm)) ids.add(match[1]!);
    documents.set('decisions', { sections: ids, weaknesses: new Set() });
  }
  return documents;
}

/** The spec a folder's bare citations (`§6.2`, `W7`) refer to, or null where a citation must name its document. */
export function homeDocument(relativeFile: string): string | null {
  const parts = relativeFile.split(/[\\/]/);
  if (parts[0] === 'services' && parts[1]) return parts[1];
  if (parts[0] === 'apps' && parts[1] === 'platform') return 'platform';
  if (parts[0] === 'apps' && parts[1] === 'website') return 'website-and-cli';
  return null;
}

export interface Citation {
  file: string;
  line: number;
  text: string;
  /** The document it resolves against; null when it names none and its folder has no home spec. */
  document: string | null;
  kind: 'section' | 'weakness';
  id: string;
}

const DOCUMENT_NAMES = [
  'website-and-cli',
  'integrations',
  'assistants',
  'libraries',
  'messaging',
  'identity',
  'platform',
  'catalog',
  'logging',
  'network',
  'runtime',
  'models',
  'DESIGN',
  'STYLE',
];

/**
 * One pass over a line, left to right. A document name directly followed by a citation qualifies it, and
 * every later bare citation on the same line (`identity.md §4.10 and §5`); `RFC 5321 §4.2` and
 * `WHATWG HTML §9.2` are external and not checked.
 */
const TOKEN = new RegExp(
  [
    `(?<external>\\bRFC\\s?\\d+|\\bHTML)\\s+(?=§)`,
    `\\b(?<doc>${DOCUMENT_NAMES.join('|')})(?:\\.md)?\\s+(?=§|[WF]\\d|[A-C]\\d|\\d)`,
    `\\b[Dd]ecisions?(?:\\.md)?\\s+(?<decision>\\d+)\\b`,
    `§\\s?(?<section>[A-C]?\\d+(?:\\.\\d+)*)(?:\\s?[–-]\\s?(?<sectionEnd>\\d+(?:\\.\\d+)*))?`,
    `\\b(?<weakness>[WF]\\d+)\\b`,
    `(?<=\\b(?:STYLE|website-and-cli)(?:\\.md)?\\s+)(?<bareId>[A-C]?\\d+(?:\\.\\d+)*)\\b`,
  ].join('|'),
  'g',
);

export function findCitations(file: string, source: string): Citation[] {
  const home = homeDocument(file);
  const citations: Citation[] = [];
  source.split('\n').forEach((text, index) => {
    let qualifier: string | null = null;
    for (const match of text.matchAll(TOKEN)) {
      const groups = match.groups!;
      const cite = (document: string | null, kind: Citation['kind'], id: string): void => {
        citations.push({ file, line: index + 1, text: text.trim(), document, kind, id });
      };
      if (groups.external) qualifier = 'external';
      else if (groups.doc) qualifier = groups.doc;
      else if (groups.decision) cite('decisions', 'section', groups.decision);
      else if (qualifier === 'external') continue;
      else if (groups.section) {
        cite(qualifier ?? home, 'section', groups.section);
        if (groups.sectionEnd) cite(qualifier ?? home, 'section', groups.sectionEnd);
      } else if (groups.weakness) {
        // DESIGN and STYLE have no weakness list: a W after them is still the home spec's.
        const document = qualifier && qualifier !== 'DESIGN' && qualifier !== 'STYLE' ? qualifier : home;
        // F-numbers are weaknesses of website-and-cli only; elsewhere an F1 is not a citation.
        if (groups.weakness.startsWith('F') && document !== 'website-and-cli') continue;
        cite(document, 'weakness', groups.weakness);
      } else if (groups.bareId && qualifier) cite(qualifier, 'section', groups.bareId);
    }
  });
  return citations;
}

/** Why a citation does not resolve, or null when it does. */
export function unresolved(citation: Citation, documents: Map<string, DocumentIndex>): string | null {
  const label = citation.kind === 'section' ? `§${citation.id}` : citation.id;
  if (!citation.document) {
    return `${label} names no document and ${citation.file} has no home spec: write e.g. "libraries.md §1.5" or "identity W9"`;
  }
  const document = documents.get(citation.document);
  if (!document) return `${citation.document} is not a document under docs/spec`;
  const ids = citation.kind === 'section' ? document.sections : document.weaknesses;
  if (!ids.has(citation.id)) {
    const where = citation.document === 'decisions' ? 'docs/decisions.md' : `docs/spec/${citation.document}.md`;
    return `${where} has no ${citation.kind === 'section' ? 'section' : 'weakness'} ${citation.id}`;
  }
  return null;
}

const SCANNED_FOLDERS = ['packages', 'services', 'apps', 'bench'];
const SCANNED_ROOT_FILES = ['eslint.config.js', 'vitest.config.ts'];
const SOURCE_FILE = /\.(?:ts|tsx|js|mjs|cjs|sql)$/;
const SKIPPED = new Set(['node_modules', 'dist', '.symbia', 'coverage', '.out']);

/** Source files that may cite the documents, relative to the root. */
export function sourceFiles(root: string = repoRoot): string[] {
  const files: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && SOURCE_FILE.test(entry.name)) files.push(child.split(path.sep).join('/'));
    }
  };
  for (const folder of SCANNED_FOLDERS) if (existsSync(path.join(root, folder))) walk(folder);
  for (const file of SCANNED_ROOT_FILES) if (existsSync(path.join(root, file))) files.push(file);
  return files.sort();
}

/** Every citation in the code that does not resolve, as "file:line: reason". */
export function brokenCitations(root: string = repoRoot): string[] {
  const documents = loadDocuments(root);
  const problems: string[] = [];
  for (const file of sourceFiles(root)) {
    // This reader and its test hold citation-like patterns on purpose.
    if (file.startsWith('packages/testing/test/docs/')) continue;
    for (const citation of findCitations(file, readFileSync(path.join(root, file), 'utf8'))) {
      const reason = unresolved(citation, documents);
      if (reason) problems.push(`${citation.file}:${citation.line}: ${reason}`);
    }
  }
  return problems;
}
