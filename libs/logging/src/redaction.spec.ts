import pino from 'pino';
import { Writable } from 'node:stream';
import { loggedUrl, REDACTED_PATHS } from './redaction';

/** A logger with the services' redaction, and the lines it wrote as objects. */
function logger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const log = pino({ level: 'info', base: undefined, timestamp: false, redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' } }, destination);
  return { log, lines };
}

describe('REDACTED_PATHS with pino', () => {
  it('keeps plain values as they are, in bindings and in log fields', () => {
    const { log, lines } = logger();
    log.child({ request_id: 'req-1', attempt: 2, retried: false, reason: null }).info({ findings: 0, ratio: 0.5, stage: 'generated' }, 'done');
    expect(lines).toEqual([
      { level: 30, request_id: 'req-1', attempt: 2, retried: false, reason: null, findings: 0, ratio: 0.5, stage: 'generated', msg: 'done' },
    ]);
  });

  it('censors a PII key at the top level and up to three levels down, in bindings and in log fields', () => {
    const { log, lines } = logger();
    log
      .child({ email: 'ann@example.test', lead: { first_name: 'Ann', lead_id: 'L-1' } })
      .info({ draft_message: 'Hi Ann', a: { b: { c: { phone: '+14155550123', kept: 1 } } } }, 'screened');
    expect(lines).toEqual([
      {
        level: 30,
        email: '[REDACTED]',
        lead: { first_name: '[REDACTED]', lead_id: 'L-1' },
        draft_message: '[REDACTED]',
        a: { b: { c: { phone: '[REDACTED]', kept: 1 } } },
        msg: 'screened',
      },
    ]);
  });
});

describe('loggedUrl', () => {
  it('keeps the path and the names of the query parameters, never their values', () => {
    expect(loggedUrl('/api/v1/suppressions?channel=email&address=sarah%40example.com')).toBe('/api/v1/suppressions?channel&address');
    expect(loggedUrl('/api/v1/leads/LD-2048')).toBe('/api/v1/leads/LD-2048');
    expect(loggedUrl('/unsubscribe?')).toBe('/unsubscribe');
  });
});
