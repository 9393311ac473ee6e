import { describe, expect, it } from 'vitest';
import { createLogger, maskSecrets } from '../../../modules/lib/logger.js';

describe('module logger masking', () => {
  it('masks every occurrence of a secret, longest first, and keeps one line per message', () => {
    expect(maskSecrets('set s3cret-pass then s3cret\nagain', ['s3cret', 's3cret-pass'])).toBe('set ******** then ******** again');
  });

  it('masks a short secret only as a whole word, so ordinary words do not give it away', () => {
    expect(maskSecrets('user exists; password x applied', ['x'])).toBe('user exists; password ******** applied');
  });

  it('writes info and warning lines through the mask', () => {
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line), () => ['hunter22']);
    log.info('password hunter22 set');
    log.warn('hunter22 again');
    expect(lines).toEqual(['info: password ******** set\n', 'warning: ******** again\n']);
  });
});
