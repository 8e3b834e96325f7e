import { describe, expect, it } from 'vitest';
import { classifyStartFailure, readableLine } from '../src/index.js';

const exit = { code: 1, signal: null };

describe('classifyStartFailure', () => {
  it('takes the port from a pino JSON EADDRINUSE line', () => {
    const line = JSON.stringify({
      level: 60,
      pid: 4242,
      msg: 'could not listen',
      err: { message: 'listen EADDRINUSE: address already in use 0.0.0.0:5011', code: 'EADDRINUSE' },
    });
    expect(classifyStartFailure({ port: 5001, lines: [line], exit })).toEqual({
      reason: 'port_in_use',
      problem: 'port 5011 is already in use',
    });
  });

  it('does not mistake a refused peer service for the database', () => {
    const result = classifyStartFailure({
      port: 5003,
      lines: ['Error: connect ECONNREFUSED 127.0.0.1:5001'],
      exit,
      databaseUrl: 'postgres://u:p@127.0.0.1:5432/symbia',
    });
    expect(result).toEqual({ reason: 'exited', problem: 'exited with code 1' });
  });

  it('recognises a refused database by the DATABASE_URL port', () => {
    const result = classifyStartFailure({
      port: 5003,
      lines: ['Error: connect ECONNREFUSED 127.0.0.1:5432'],
      exit,
      databaseUrl: 'postgres://u:p@127.0.0.1:5432/symbia',
    });
    expect(result.reason).toBe('database_unreachable');
    expect(result.problem).toContain('127.0.0.1:5432');
  });

  it('names a signal death', () => {
    expect(classifyStartFailure({ port: 1, lines: [], exit: { code: null, signal: 'SIGKILL' } }).problem).toBe(
      'was killed by SIGKILL',
    );
  });
});

describe('readableLine', () => {
  it('keeps plain lines and pulls msg out of JSON', () => {
    expect(readableLine('  plain text ')).toBe('plain text');
    expect(readableLine('{"msg":"migration 0002 failed","err":{"message":"boom"}}')).toBe(
      'migration 0002 failed: boom',
    );
    expect(readableLine('{not json')).toBe('{not json');
  });
});
