import { Injectable } from '@nestjs/common';
import { createPublicKey, KeyObject } from 'node:crypto';
import { developmentDefaultRefusal, Environment, InvalidEnvironmentError } from '@followup/config';
import { Checkpoint, keyIdOf, parseSigningKey, signCheckpoint, SignedHead } from './checkpoint-signature';
import { DEVELOPMENT_SIGNING_KEY_PEM } from './development-signing-key';

type SigningSettings = Pick<Environment, 'AUDIT_SIGNING_PRIVATE_KEY' | 'NODE_ENV' | 'HOST'>;

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

/** Signs chain heads with the configured key; the key never leaves this object. */
@Injectable()
export class CheckpointSigner {
  private readonly key: KeyObject;
  readonly keyId: string;
  /** The public half by key id, what a verifier checks this service's checkpoints with. */
  readonly publicKeys: ReadonlyMap<string, KeyObject>;

  constructor(environment: Environment) {
    this.key = checkpointSigningKey(environment);
    this.keyId = keyIdOf(this.key);
    this.publicKeys = new Map([[this.keyId, createPublicKey(this.key)]]);
  }

  sign(head: Omit<SignedHead, 'key_id'>): Checkpoint {
    return signCheckpoint(head, this.key);
  }
}
