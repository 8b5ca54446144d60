/**
 * Ed25519 key pairs made for the tests with `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout`;
 * each id is `openssl pkey -pubin -outform DER | sha256sum`, worked out with openssl, not with the code under test.
 */
export const TEST_SIGNING_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIMeZXuLIEtnuo9L3WS9SfJDKUjCeAp6IniLLxsK8sIjS
-----END PRIVATE KEY-----`;
/** The same private key as the base64 of its PKCS#8 DER. */
export const TEST_SIGNING_KEY_DER_BASE64 = 'MC4CAQAwBQYDK2VwBCIEIMeZXuLIEtnuo9L3WS9SfJDKUjCeAp6IniLLxsK8sIjS';
export const TEST_VERIFY_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAleSqDmyR1JW5RZipu3ZS9XbQEPPEkKGxRRARiySHPh4=
-----END PUBLIC KEY-----`;
/** The same public key as the base64 of its SubjectPublicKeyInfo DER. */
export const TEST_VERIFY_KEY_DER_BASE64 = 'MCowBQYDK2VwAyEAleSqDmyR1JW5RZipu3ZS9XbQEPPEkKGxRRARiySHPh4=';
export const TEST_KEY_ID = 'a16448320202bc1fa83c0034020617d6b9c807d85128d6f375e43f5d97d3dbe5';

/** A second key pair's public half, for signatures by a key the verifier was not given. */
export const OTHER_VERIFY_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAydX0viFTG/fI30X7QQaCnm13dxEgDT9NNeYjfGkuO+U=
-----END PUBLIC KEY-----`;
export const OTHER_KEY_ID = '3ecec7b8b34cabff65fd581bc8923832d1c552ccb1d0f73056e34f7862b2fcc3';

/** The id of the development key (development-signing-key.ts). */
export const DEVELOPMENT_KEY_ID = '4f006351791b613fe31ea4480012a63cd515c7e5530b2d72d3eafb2a60396e6a';
