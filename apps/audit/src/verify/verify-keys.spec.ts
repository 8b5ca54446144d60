import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEVELOPMENT_KEY_ID,
  TEST_KEY_ID as KEY_ID,
  TEST_VERIFY_KEY_DER_BASE64,
  TEST_VERIFY_KEY_PEM as PUBLIC_PEM,
} from '../checkpoints/test-keys.fixture';
import { describeVerifyKeys, verifyKeysAt, verifyKeysFrom } from './verify-keys';

describe('the keys audit:verify checks checkpoints with', () => {
  const production = { NODE_ENV: 'production' as const, HOST: '0.0.0.0' };

  it('are the --public-key file, else AUDIT_VERIFY_PUBLIC_KEY: public keys, no secret, in production', () => {
    const fromFile = verifyKeysFrom({ ...production, AUDIT_VERIFY_PUBLIC_KEY: 'ignored' }, PUBLIC_PEM);
    expect({ source: fromFile.source, ids: [...fromFile.keys.keys()] }).toEqual({ source: '--public-key', ids: [KEY_ID] });
    const fromVariable = verifyKeysFrom({
      ...production,
      AUDIT_VERIFY_PUBLIC_KEY: 'MCowBQYDK2VwAyEAleSqDmyR1JW5RZipu3ZS9XbQEPPEkKGxRRARiySHPh4=',
    });
    expect({ source: fromVariable.source, ids: [...fromVariable.keys.keys()] }).toEqual({
      source: 'AUDIT_VERIFY_PUBLIC_KEY',
      ids: [KEY_ID],
    });
  });

  it('default to the development public key only where development defaults are allowed', () => {
    expect([...verifyKeysFrom({ NODE_ENV: 'test', HOST: '127.0.0.1' }).keys.keys()]).toEqual([DEVELOPMENT_KEY_ID]);
    expect(() => verifyKeysFrom(production)).toThrow(/no checkpoint public key: give --public-key <file> or AUDIT_VERIFY_PUBLIC_KEY/);
  });

  it('are read from the --public-key path the tools are given, and described by source and ids', () => {
    const directory = mkdtempSync(join(tmpdir(), 'verify-keys-'));
    try {
      const path = join(directory, 'audit.pub.pem');
      writeFileSync(path, PUBLIC_PEM);
      expect(describeVerifyKeys(verifyKeysAt(production, path))).toBe(`checkpoint key(s) from --public-key: ${KEY_ID}`);
      expect(describeVerifyKeys(verifyKeysAt({ NODE_ENV: 'test', HOST: '127.0.0.1' }))).toBe(
        `checkpoint key(s) from the development public key: ${DEVELOPMENT_KEY_ID}`,
      );
      expect(() => verifyKeysAt(production, join(directory, 'missing.pem'))).toThrow(/ENOENT/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
