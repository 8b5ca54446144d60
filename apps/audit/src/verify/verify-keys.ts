import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { developmentDefaultRefusal, Environment } from '@followup/config';
import { InvalidCheckpointKeyError, parseVerifyKeys } from '../checkpoints/checkpoint-signature';
import { DEVELOPMENT_VERIFY_KEY_PEM } from '../checkpoints/development-signing-key';

export interface VerifyKeys {
  keys: Map<string, KeyObject>;
  /** Where they came from, for the verifier's output. */
  source: string;
}

/**
 * The public keys `npm run audit:verify` checks checkpoints with: the --public-key file, else
 * AUDIT_VERIFY_PUBLIC_KEY, else the development public key where development defaults are allowed.
 * Public keys only: verifying needs no secret.
 */
export function verifyKeysFrom(
  environment: Pick<Environment, 'AUDIT_VERIFY_PUBLIC_KEY' | 'NODE_ENV' | 'HOST'>,
  publicKeyFile?: string,
): VerifyKeys {
  if (publicKeyFile !== undefined) return { keys: parseVerifyKeys(publicKeyFile), source: '--public-key' };
  if (environment.AUDIT_VERIFY_PUBLIC_KEY)
    return { keys: parseVerifyKeys(environment.AUDIT_VERIFY_PUBLIC_KEY), source: 'AUDIT_VERIFY_PUBLIC_KEY' };
  const refusal = developmentDefaultRefusal(environment);
  if (refusal === undefined) return { keys: parseVerifyKeys(DEVELOPMENT_VERIFY_KEY_PEM), source: 'the development public key' };
  throw new InvalidCheckpointKeyError(
    `no checkpoint public key: give --public-key <file> or AUDIT_VERIFY_PUBLIC_KEY (the development key is used only with NODE_ENV=development or test and HOST on loopback; here ${refusal})`,
  );
}

/** verifyKeysFrom with the --public-key file read from its path: how the audit tools get their keys. */
export function verifyKeysAt(
  environment: Pick<Environment, 'AUDIT_VERIFY_PUBLIC_KEY' | 'NODE_ENV' | 'HOST'>,
  publicKeyPath?: string,
): VerifyKeys {
  return verifyKeysFrom(environment, publicKeyPath === undefined ? undefined : readFileSync(publicKeyPath, 'utf8'));
}

/** The line a tool prints about the keys it verifies with. */
export function describeVerifyKeys({ keys, source }: VerifyKeys): string {
  return `checkpoint key(s) from ${source}: ${[...keys.keys()].join(', ')}`;
}
