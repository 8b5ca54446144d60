import { bounceFailureCode, bounceSignature, checkBounceSignature, recordedMessageId } from './email-bounce';

// Worked out with: printf '%s' '1796205600a1b2c3' | openssl dgst -sha256 -hmac 'bounce-key'
const SIGNATURE_FROM_OPENSSL = 'e49582c6cb83b6b784b7cba1c698bf11129b8e95ee32e5fe880593d0aa73246a';

describe('email bounce webhooks', () => {
  it('signs timestamp + token with HMAC-SHA256, hex', () => {
    expect(bounceSignature('bounce-key', '1796205600', 'a1b2c3')).toBe(SIGNATURE_FROM_OPENSSL);
  });

  it('accepts a valid recent signature; refuses a wrong one, a missing key and a timestamp more than 300 s away', () => {
    const fields = { timestamp: '1796205600', token: 'a1b2c3', signature: SIGNATURE_FROM_OPENSSL };
    expect(checkBounceSignature('bounce-key', fields, 1796205600 + 300)).toBe('valid');
    expect(checkBounceSignature('bounce-key', fields, 1796205600 + 301)).toBe('stale_timestamp');
    expect(checkBounceSignature('bounce-key', fields, 1796205600 - 301)).toBe('stale_timestamp');
    expect(checkBounceSignature('other-key', fields, 1796205600)).toBe('invalid_signature');
    expect(checkBounceSignature(undefined, fields, 1796205600)).toBe('invalid_signature');
    expect(checkBounceSignature('bounce-key', { ...fields, token: 'a1b2c4' }, 1796205600)).toBe('invalid_signature');
  });

  it('a permanent bounce fails the attempt, a temporary one does not', () => {
    expect(bounceFailureCode('permanent')).toBe('EMAIL_BOUNCED');
    expect(bounceFailureCode('temporary')).toBeUndefined();
  });

  it('reads a Message-ID with or without its angle brackets', () => {
    expect(recordedMessageId('abc.1@example.test')).toBe('<abc.1@example.test>');
    expect(recordedMessageId(' <abc.1@example.test> ')).toBe('<abc.1@example.test>');
  });
});
