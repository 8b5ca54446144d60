import { PinoLogger } from 'nestjs-pino';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { isValidProviderSignature, SignedParams } from './provider-signature';

/** A form the provider posted to one of our webhooks, with its X-Twilio-Signature. */
export interface SignedForm {
  /** The request's path and query as received. */
  path: string;
  params: SignedParams;
  signature: string | undefined;
}

/** Refuses (403) a form the provider did not sign over PUBLIC_BASE_URL + path with SMS_AUTH_TOKEN. */
export function assertProviderSigned(authToken: string, publicBaseUrl: string, form: SignedForm, logger: PinoLogger, what: string): void {
  if (isValidProviderSignature(authToken, `${publicBaseUrl}${form.path}`, form.params, form.signature)) return;
  const reason = form.signature ? 'invalid_signature' : 'missing_signature';
  logger.warn({ reason }, `${what} refused`);
  throw new FollowupError(ErrorCode.Forbidden, 'The request signature is missing or invalid.', { reason });
}

/** The named single-valued fields of the form; 400 naming those that are missing. */
export function requiredFields<Name extends string>(params: SignedParams, names: readonly Name[]): Record<Name, string> {
  const single = (value: string | readonly string[] | undefined) => (typeof value === 'string' && value ? value : undefined);
  const missing = names.filter((name) => !single(params[name]));
  if (missing.length > 0) throw new FollowupError(ErrorCode.InvalidRequest, 'Required form fields are missing.', { missing_fields: missing });
  return Object.fromEntries(names.map((name) => [name, single(params[name])])) as Record<Name, string>;
}
