export type ServiceStatus = 'ready' | 'failed' | 'not started';

export interface StatusRow {
  readonly name: string;
  readonly url: string;
  readonly status: ServiceStatus;
}

const STATUS_COLOURS: Record<ServiceStatus, number> = { ready: 32, failed: 31, 'not started': 90 };

/** The table printed once the platform is up (or has failed): one row per service, then PostgreSQL. */
export function renderStatusTable(input: {
  readonly rows: readonly StatusRow[];
  readonly database: string;
  readonly logsDir: string;
  readonly color: boolean;
}): string {
  const header = { name: 'SERVICE', url: 'URL', status: 'STATUS' };
  const nameWidth = Math.max(header.name.length, 'PostgreSQL'.length, ...input.rows.map((row) => row.name.length));
  const urlWidth = Math.max(header.url.length, ...input.rows.map((row) => row.url.length));
  const paint = (code: number, text: string) => (input.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const line = (name: string, url: string, status: string) =>
    `  ${name.padEnd(nameWidth)}  ${url.padEnd(urlWidth)}  ${status}`.trimEnd();
  const rows = input.rows.map((row) => line(row.name, row.url, paint(STATUS_COLOURS[row.status], row.status)));
  // With no services a header over nothing would suggest something is missing from the table.
  const serviceLines = rows.length === 0 ? [] : [paint(1, line(header.name, header.url, header.status)), ...rows, ''];
  return [
    '',
    ...serviceLines,
    `  ${'PostgreSQL'.padEnd(nameWidth)}  ${input.database}`,
    `  ${'Logs'.padEnd(nameWidth)}  ${input.logsDir}`,
    '',
    '',
  ].join('\n');
}
