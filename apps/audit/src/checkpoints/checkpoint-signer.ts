import { Injectable } from '@nestjs/common';
import { createPublicKey, KeyObject } from 'node:crypto';
import { developmentDefaultRefusal, Environment, InvalidEnvironmentError } from '@followup/config';
import { Checkpoint, keyIdOf, parseSigningKey, parseVerifyKeys, signCheckpoint, SignedHead } from './checkpoint-signature';
import { DEVELOPMENT_SIGNING_KEY_PEM, DEVELOPMENT_VERIFY_KEY_PEM } from './development-signing-key';

type SigningSettings = Pick<Environment, 'AUDIT_SIGNING_PRIVATE_KEY' | 'NODE_ENV' | 'HOST'>;
type PreviousKeySettings = Pick<Environment, 'AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS' | 'NODE_ENV' | 'HOST'>;

/**
 * The key that signs checkpoints: AUDIT_SIGNING_PRIVATE_KEY, or the development key where development
 * defaults are allowed (NODE_ENV development or test, HOST on loopback). Anywhere else an unset key, or
 * the development key configured explicitly, is refused with the reason, and the service does not start.
 */
export function checkpointSigningKey(environment: SigningSettings): KeyObject {
  const refusal = developmentDefaultRefusal(environment);
  const developmentKey = parseSigningKey(DEVELOPMENT_SIGNING_KEY_PEM);
  if (!environment.AUDIT_SIGNING_PRIVATE_KEY) {
    if (refusal === undefined) return developmentKey;
    throw new InvalidEnvironmentError(
      `AUDIT_SIGNING_PRIVATE_KEY: required here (${refusal}); the development checkpoint key is public and used only with NODE_ENV=development or test and HOST on loopback`,
    );
  }
  let key: KeyObject;
  try {
    key = parseSigningKey(environment.AUDIT_SIGNING_PRIVATE_KEY);
  } catch (error) {
    throw new InvalidEnvironmentError(`AUDIT_SIGNING_PRIVATE_KEY: ${(error as Error).message}`);
  }
  if (refusal !== undefined && keyIdOf(key) === keyIdOf(developmentKey)) {
    throw new InvalidEnvironmentError(`AUDIT_SIGNING_PRIVATE_KEY: the development checkpoint key is public and refused here (${refusal})`);
  }
  return key;
}

/**
 * The public keys of earlier signing keys (AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS) by key id, none when unset. The
 * development key is refused where development defaults are not allowed: its private half is public, so a
 * checkpoint it verifies could have been signed by anyone.
 */
export function previousCheckpointKeys(environment: PreviousKeySettings): Map<string, KeyObject> {
  if (!environment.AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS) return new Map();
  let keys: Map<string, KeyObject>;
  try {
    keys = parseVerifyKeys(environment.AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS);
  } catch (error) {
    throw new InvalidEnvironmentError(`AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS: ${(error as Error).message}`);
  }
  const refusal = developmentDefaultRefusal(environment);
  const [developmentKeyId] = parseVerifyKeys(DEVELOPMENT_VERIFY_KEY_PEM).keys();
  if (refusal !== undefined && keys.has(developmentKeyId)) {
    throw new InvalidEnvironmentError(
      `AUDIT_CHECKPOINT_PREVIOUS_PUBLIC_KEYS: the development checkpoint key is public and refused here (${refusal})`,
    );
  }
  return keys;
}

/** Signs chain heads with the configured key; the key never leaves this object. */
@Injectable()
export class CheckpointSigner {
  private readonly key: KeyObject;
  readonly keyId: string;
  /** What this service's checkpoints verify with, by key id: the signing key's public half and those of earlier signing keys. */
  readonly publicKeys: ReadonlyMap<string, KeyObject>;

  constructor(environment: Environment) {
    this.key = checkpointSigningKey(environment);
    this.keyId = keyIdOf(this.key);
    this.publicKeys = new Map([...previousCheckpointKeys(environment), [this.keyId, createPublicKey(this.key)]]);
  }

  sign(head: Omit<SignedHead, 'key_id'>): Checkpoint {
    return signCheckpoint(head, this.key);
  }
}
