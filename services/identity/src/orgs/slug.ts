/** identity.md §7.2: lower-case, non-alphanumeric runs → '-', trimmed; 'default' when nothing is left. */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug.length > 0 ? slug : 'default';
}

export const SLUG_PATTERN = /^[a-z0-9-]+$/;
