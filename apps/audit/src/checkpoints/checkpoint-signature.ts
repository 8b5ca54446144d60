import { createHash, createPrivateKey, createPublicKey, KeyObject, PrivateKeyInput, PublicKeyInput, sign, verify } from 'node:crypto';
import { canonicalJson } from '@followup/config';

/** Names what the signed bytes are, so a signature over them can never be taken for one over something else. */
export const CHECKPOINT_PAYLOAD_TYPE = 'followup.audit.checkpoint.v1';

/** What a checkpoint signs: one tenant's chain head at one moment, and which key signed it. */
export interface SignedHead {
  tenant: string;
  /** The sequence of the last record the head covers. */
  sequence: number;
  /** That record's hash. */
  head_hash: string;
  signed_at: string;
  key_id: string;
}

export interface Checkpoint extends SignedHead {
  /** Ed25519 signature over checkpointPayload(...), base64. */
  signature: string;
}

export class InvalidCheckpointKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCheckpointKeyError';
  }
}

/**
 * The bytes that are signed: the canonical JSON (sorted keys, no whitespace) of the signed head plus
 * `type`. Every field is required, so a payload is never signed or verified with one missing.
 */
export function checkpointPayload(head: SignedHead): Buffer {
  const { tenant, sequence, head_hash, signed_at, key_id } = head;
  if ([tenant, head_hash, signed_at, key_id].some((field) => typeof field !== 'string' || field === '')) {
    throw new TypeError('checkpointPayload: tenant, head_hash, signed_at and key_id must be non-empty strings');
  }
  if (!Number.isSafeInteger(sequence) || sequence < 0) throw new TypeError('checkpointPayload: sequence must be a whole number');
  return Buffer.from(canonicalJson({ type: CHECKPOINT_PAYLOAD_TYPE, tenant, sequence, head_hash, signed_at, key_id }), 'utf8');
}

/** A key's id: the hex SHA-256 of its DER SubjectPublicKeyInfo, as RFC 6962 derives a log's id from its key. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

function requireEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new InvalidCheckpointKeyError(`${what} is a ${key.asymmetricKeyType ?? 'symmetric'} key; checkpoints need Ed25519`);
  }
  return key;
}

function isPem(text: string): boolean {
  return text.includes('-----BEGIN ');
}

/** One Ed25519 key, as PEM or as the base64 of its DER (PKCS#8 for a private key, SubjectPublicKeyInfo for a public one). */
function readEd25519Key(text: string, kind: 'private' | 'public', what: string): KeyObject {
  const derType = kind === 'private' ? 'pkcs8' : 'spki';
  const input = isPem(text)
    ? { key: text, format: 'pem' as const }
    : { key: Buffer.from(text, 'base64'), format: 'der' as const, type: derType };
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(input as PrivateKeyInput) : createPublicKey(input as PublicKeyInput);
  } catch {
    throw new InvalidCheckpointKeyError(`${what} is neither a PEM ${kind} key nor the base64 of a ${derType.toUpperCase()} DER one`);
  }
  return requireEd25519(key, what);
}

/** The Ed25519 signing key, given as PKCS#8 PEM or as the base64 of its PKCS#8 DER. */
export function parseSigningKey(text: string): KeyObject {
  return readEd25519Key(text.trim(), 'private', 'the signing key');
}

/**
 * Ed25519 public keys by key id, from PEM (one or more `PUBLIC KEY` blocks) or from base64 DER
 * SubjectPublicKeyInfo (several separated by commas). A private key is refused: verifying needs none.
 */
export function parseVerifyKeys(text: string): Map<string, KeyObject> {
  const trimmed = text.trim();
  if (/PRIVATE KEY/.test(trimmed)) throw new InvalidCheckpointKeyError('a private key was given where only the public key is needed');
  const blocks = isPem(trimmed)
    ? (trimmed.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [])
    : trimmed
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
  if (blocks.length === 0) throw new InvalidCheckpointKeyError('no public key found');
  const keys = new Map<string, KeyObject>();
  for (const block of blocks) {
    const key = readEd25519Key(block, 'public', 'a public key');
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

/** Signs a chain head with the key; the checkpoint names the key by its id. */
export function signCheckpoint(head: Omit<SignedHead, 'key_id'>, privateKey: KeyObject): Checkpoint {
  const signed: SignedHead = { ...head, key_id: keyIdOf(privateKey) };
  return { ...signed, signature: sign(null, checkpointPayload(signed), privateKey).toString('base64') };
}

export type SignatureCheck = 'valid' | 'unknown_key' | 'invalid';

/** Whether the checkpoint was signed by one of the keys: only public keys are needed. */
export function checkCheckpointSignature(checkpoint: Checkpoint, keys: ReadonlyMap<string, KeyObject>): SignatureCheck {
  const key = keys.get(checkpoint.key_id);
  if (!key) return 'unknown_key';
  const signature = Buffer.from(checkpoint.signature, 'base64');
  return verify(null, checkpointPayload(checkpoint), key, signature) ? 'valid' : 'invalid';
}
