import { isValidProviderSignature, providerSignature } from './provider-signature';

// Twilio's published example (auth token 12345); also reproduced with
// `printf '%s' '<url><name><value>…' | openssl dgst -sha1 -hmac 12345 -binary | base64`.
const DOCUMENTED_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const DOCUMENTED_PARAMS = {
  Digits: '1234',
  To: '+18005551212',
  From: '+14158675309',
  Caller: '+14158675309',
  CallSid: 'CA1234567890ABCDE',
};

// An inbound SMS as the provider posts it, signed by hand the same way with the token `test-auth-token`.
const INBOUND_URL = 'https://followup.example/api/v1/webhooks/sms/inbound';
const INBOUND_PARAMS = { To: '+14155550100', From: '+14155550123', Body: ' STOP ', MessageSid: 'SM0123456789abcdef0123456789abcdef' };

describe('providerSignature', () => {
  it("reproduces Twilio's documented example, whatever order the parameters come in", () => {
    expect(providerSignature('12345', DOCUMENTED_URL, DOCUMENTED_PARAMS)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('signs an inbound message over the URL and every parameter, whitespace included', () => {
    expect(providerSignature('test-auth-token', INBOUND_URL, INBOUND_PARAMS)).toBe('hHQrqfCLrRLgFbPk9jVdqZhBLzo=');
  });
});

describe('isValidProviderSignature', () => {
  it('accepts the right signature', () => {
    expect(isValidProviderSignature('12345', DOCUMENTED_URL, DOCUMENTED_PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(true);
  });

  it('refuses a missing, forged or differently signed request', () => {
    expect(isValidProviderSignature('12345', DOCUMENTED_URL, DOCUMENTED_PARAMS, undefined)).toBe(false);
    expect(isValidProviderSignature('12345', DOCUMENTED_URL, DOCUMENTED_PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8')).toBe(false);
    expect(isValidProviderSignature('other', DOCUMENTED_URL, DOCUMENTED_PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(false);
    expect(isValidProviderSignature('12345', `${DOCUMENTED_URL}&x=1`, DOCUMENTED_PARAMS, 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBe(false);
    expect(
      isValidProviderSignature('12345', DOCUMENTED_URL, { ...DOCUMENTED_PARAMS, Digits: '9999' }, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='),
    ).toBe(false);
  });

  it('refuses everything when no auth token is configured', () => {
    expect(isValidProviderSignature('', INBOUND_URL, INBOUND_PARAMS, 'hHQrqfCLrRLgFbPk9jVdqZhBLzo=')).toBe(false);
  });
});
