import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from '../src/cli-args.js';

describe('parseCliArgs', () => {
  it('reads --only in both spellings, split on commas', () => {
    expect(parseCliArgs([])).toEqual({ help: false });
    expect(parseCliArgs(['--only', 'identity, catalog'])).toEqual({ help: false, only: ['identity', 'catalog'] });
    expect(parseCliArgs(['--only=identity', '--only', 'network'])).toEqual({
      help: false,
      only: ['identity', 'network'],
    });
  });

  it('answers help before anything else', () => {
    expect(parseCliArgs(['--only', 'x', '-h'])).toEqual({ help: true });
  });

  it('refuses an empty --only and unknown arguments', () => {
    expect(() => parseCliArgs(['--only'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--only', ','])).toThrow('at least one service');
    expect(() => parseCliArgs(['--verbose'])).toThrow('unknown argument "--verbose"');
  });
});
