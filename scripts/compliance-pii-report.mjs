// Prints the compliance PII detector's precision and recall per kind on its labelled sample.
// Compiles the TypeScript sources on the fly with @swc/core (already a dev dependency), resolving @followup/* paths.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const swc = require('@swc/core');
const Module = require('node:module');

const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
const aliases = /^@followup\/(contracts|config|logging|messaging|persistence|http|auth|health|pii)$/;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = aliases.exec(request);
  return resolve.call(this, alias ? join(root, 'libs', alias[1], 'src') : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), { ...swcrc, swcrc: false, filename, sourceMaps: false });
  module._compile(code, filename);
};
require('reflect-metadata');

const { evaluateDetector, formatScores } = require(join(root, 'libs/pii/src/evaluate-detector.ts'));
const { LABELLED_SAMPLE, SAMPLE_DIRECTORY, SAMPLE_RECIPIENT, parseLabelled } = require(
  join(root, 'libs/pii/src/pii-sample.fixture.ts'),
);

const sample = LABELLED_SAMPLE.map(parseLabelled);
const scores = evaluateDetector(sample, { others: SAMPLE_DIRECTORY, recipient: SAMPLE_RECIPIENT });
console.log(formatScores(scores, sample.length));
