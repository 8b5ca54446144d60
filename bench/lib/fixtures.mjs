import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib.mjs';

/** A document or event a run of the stack stored, kept in bench/fixtures. */
export function benchFixture(name) {
  return JSON.parse(readFileSync(join(ROOT, 'bench/fixtures', name), 'utf8'));
}
