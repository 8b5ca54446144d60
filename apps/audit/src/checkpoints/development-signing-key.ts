/**
 * The development checkpoint signing key. It is in the repository, so a checkpoint it signed proves
 * nothing: the audit service uses it only where development defaults are allowed (see checkpoint-signer.ts),
 * and refuses it anywhere else, even when configured explicitly.
 */
export const DEVELOPMENT_SIGNING_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIFwkaMcA3zet/OF15s4DEIk9Kh676zRRuKdvPJYdML5u
-----END PRIVATE KEY-----`;

/** Its public half, which `npm run audit:verify` uses by default where development defaults are allowed. */
export const DEVELOPMENT_VERIFY_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA2vxTButYTksJIpSbK8j9YkPkEfWjKjBjDGRTPWj4cjU=
-----END PUBLIC KEY-----`;
