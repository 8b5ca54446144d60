import { developmentDefaultRefusal, Environment, InvalidEnvironmentError } from '@followup/config';

/** Public (it is in the repository): accepted only where development defaults are allowed. */
export const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'followup-development-unsubscribe-secret-not-for-production';

/**
 * The key of the unsubscribe links: UNSUBSCRIBE_TOKEN_SECRET, or the development key where development defaults
 * are allowed (NODE_ENV development or test, HOST on loopback). Anywhere else, unset or the development key
 * configured explicitly is refused with the reason, and delivery does not start.
 */
export function unsubscribeSecret(environment: Pick<Environment, 'UNSUBSCRIBE_TOKEN_SECRET' | 'NODE_ENV' | 'HOST'>): string {
  const refusal = developmentDefaultRefusal(environment);
  const configured = environment.UNSUBSCRIBE_TOKEN_SECRET;
  if (refusal !== undefined && (!configured || configured === DEVELOPMENT_UNSUBSCRIBE_SECRET)) {
    throw new InvalidEnvironmentError(
      `UNSUBSCRIBE_TOKEN_SECRET: required here (${refusal}); the development key is public and used only with NODE_ENV=development or test and HOST on loopback`,
    );
  }
  return configured ?? DEVELOPMENT_UNSUBSCRIBE_SECRET;
}
