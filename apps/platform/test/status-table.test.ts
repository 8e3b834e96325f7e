import { describe, expect, it } from 'vitest';
import { renderStatusTable } from '../src/status-table.js';

describe('renderStatusTable', () => {
  it('lines up service, URL and status, then PostgreSQL and the logs', () => {
    const table = renderStatusTable({
      rows: [
        { name: 'identity', url: 'http://localhost:5001', status: 'ready' },
        { name: 'assistants', url: 'http://localhost:5004', status: 'failed' },
      ],
      database: 'embedded at 127.0.0.1:54329',
      logsDir: '/repo/.symbia/logs',
      color: false,
    });
    expect(table.split('\n')).toEqual([
      '',
      '  SERVICE     URL                    STATUS',
      '  identity    http://localhost:5001  ready',
      '  assistants  http://localhost:5004  failed',
      '',
      '  PostgreSQL  embedded at 127.0.0.1:54329',
      '  Logs        /repo/.symbia/logs',
      '',
      '',
    ]);
  });
});
