import { PinoLogger } from 'nestjs-pino';
import { Environment } from '@followup/config';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { isValidProviderSignature, SignedParams } from './provider-signature';

/** A form the provider posted to one of our webhooks, with its X-Twilio-Signature. */
export interface SignedForm {
  /** The request's path and query as received. */
  path: string;
  params: SignedParams;
  signature: string | undefined;
}

/**
 * The auth tokens our SMS providers sign their webhooks with: the main account's (SMS_AUTH_TOKEN) and the backup's
 * (SMS_FALLBACK_AUTH_TOKEN), whose account is its own. The backup posts the STOPs texted to the number it sent from,
 * and the status of the messages it sent.
 */
export function smsProviderTokens(environment: Environment): string[] {
  return [environment.SMS_AUTH_TOKEN, environment.SMS_FALLBACK_AUTH_TOKEN].filter((token): token is string => Boolean(token));
}

/** Refuses (403) a form that none of our SMS providers signed over PUBLIC_BASE_URL + path with its auth token. */
export function assertProviderSigned(
  authTokens: readonly string[],
  publicBaseUrl: string,
  form: SignedForm,
  logger: PinoLogger,
  what: string,
): void {
  const url = `${publicBaseUrl}${form.path}`;
  if (authTokens.some((token) => isValidProviderSignature(token, url, form.params, form.signature))) return;
  const reason = form.signature ? 'invalid_signature' : 'missing_signature';
  logger.warn({ reason }, `${what} refused`);
  throw new FollowupError(ErrorCode.Forbidden, 'The request signature is missing or invalid.', { reason });
}

/** The named single-valued fields of the form; 400 naming those that are missing. */
export function requiredFields<Name extends string>(params: SignedParams, names: readonly Name[]): Record<Name, string> {
  const single = (value: string | readonly string[] | undefined) => (typeof value === 'string' && value ? value : undefined);
  const missing = names.filter((name) => !single(params[name]));
  if (missing.length > 0)
    throw new FollowupError(ErrorCode.InvalidRequest, 'Required form fields are missing.', { missing_fields: missing });
  return Object.fromEntries(names.map((name) => [name, single(params[name])])) as Record<Name, string>;
}
