import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign, SignOptions } from 'jsonwebtoken';

/**
 * A stand-in identity provider: one RSA key pair with a `kid`, its public half served as a JWKS document
 * on a local port, and RS256 tokens signed with the private half. `rotate` replaces the pair, as an
 * identity provider rotating its signing key does.
 */
export class JwksServer {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  private server?: Server;
  /** How many times the JWKS document was fetched (the gateway caches it). */
  fetches = 0;
  /** While set, the endpoint answers 503, as an identity provider in an outage would. */
  failing = false;

  constructor(kid = 'followup-test-key-1') {
    this.kid = kid;
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
  }

  /** A new key pair under a new `kid`; the old key is no longer published. */
  rotate(kid: string): void {
    this.kid = kid;
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
  }

  get jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', alg: 'RS256' }] };
  }

  /** The public key as PEM text, as an attacker would copy it from the JWKS endpoint. */
  get publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      if (request.url === '/.well-known/jwks.json') {
        this.fetches += 1;
        if (this.failing) {
          response.writeHead(503).end();
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(this.jwks));
        return;
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const address = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}/.well-known/jwks.json`;
  }

  /** An RS256 token signed with this server's key; `kid` may be replaced to test unknown keys. */
  token(payload: Record<string, unknown>, options: SignOptions & { kid?: string } = {}): string {
    const { kid = this.kid, ...rest } = options;
    const expiry = payload.exp === undefined && rest.expiresIn === undefined ? { expiresIn: 600 } : {};
    return sign(payload, this.privateKey, { algorithm: 'RS256', keyid: kid, ...expiry, ...rest });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
