// npm run compliance:pii-report: precision, recall and F1 per PII kind and overall of the compliance detector
// (libs/pii) on the development and the held-out labelled sets (apps/compliance/test-data/pii), side by side
// with Microsoft Presidio's analyzer on the same texts in the same run. Presidio runs from a virtualenv
// installed from scripts/pii/requirements.lock (hash-locked) and cached under
// ${XDG_CACHE_HOME:-~/.cache}/followup-infra/presidio-venv. Exits 1 when a held-out target is missed.
// Compiles the TypeScript sources on the fly with @swc/core (already a dev dependency), resolving @followup/* paths.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT as root } from './lib.mjs';
import { preparePythonVenv } from './python-venv.mjs';

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

const { PII_KINDS } = require(join(root, 'libs/contracts/src'));
const { detectPii, evaluateFindings, parseLabelledSet, DEFAULT_PHONE_REGIONS } = require(join(root, 'libs/pii/src'));

/** Presidio's entity names as PII kinds. DATE_TIME and LOCATION are its nearest to dates of birth and addresses. */
const PRESIDIO_KINDS = {
  EMAIL_ADDRESS: 'email',
  PHONE_NUMBER: 'phone',
  CREDIT_CARD: 'card_number',
  IBAN_CODE: 'iban',
  US_BANK_NUMBER: 'bank_account',
  US_SSN: 'national_id',
  US_ITIN: 'national_id',
  UK_NINO: 'national_id',
  UK_NHS: 'national_id',
  CA_SIN: 'national_id',
  IN_AADHAAR: 'national_id',
  IN_PAN: 'national_id',
  ES_NIF: 'national_id',
  ES_NIE: 'national_id',
  DE_TAX_ID: 'national_id',
  DE_ID_CARD: 'national_id',
  IT_FISCAL_CODE: 'national_id',
  US_PASSPORT: 'passport',
  UK_PASSPORT: 'passport',
  DE_PASSPORT: 'passport',
  ES_PASSPORT: 'passport',
  IT_PASSPORT: 'passport',
  IN_PASSPORT: 'passport',
  PERSON: 'other_person',
  DATE_TIME: 'date_of_birth',
  LOCATION: 'street_address',
};

/** Held-out targets: the detector's figure must reach `at_least` and be above Presidio's. */
const TARGETS = [
  { label: 'email recall', at_least: 0.97, of: (evaluation) => evaluation.kinds.email.recall },
  { label: 'phone recall', at_least: 0.97, of: (evaluation) => evaluation.kinds.phone.recall },
  { label: 'overall recall', at_least: 0.9, of: (evaluation) => evaluation.overall.recall },
  { label: 'overall precision', at_least: 0.95, of: (evaluation) => evaluation.overall.precision },
];

const SETS = ['development', 'heldout'].map((name) => ({
  name,
  texts: parseLabelledSet(readFileSync(join(root, 'apps/compliance/test-data/pii', `${name}.jsonl`), 'utf8')),
}));

function progress(line) {
  process.stderr.write(`\r[pii-report] ${line}`.padEnd(70) + (line.endsWith('done') ? '\n' : ''));
}

/** Presidio's findings per text id, from one analyzer process over every text of both sets. */
async function presidioFindings(python, texts) {
  const child = spawn(python, [join(root, 'scripts/pii/presidio-analyze.py'), DEFAULT_PHONE_REGIONS.join(',')], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, HF_HUB_OFFLINE: '1' },
  });
  const exited = new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  for (const { id, text, context } of texts) {
    const { first_name, last_name } = context.recipient;
    const allow = [first_name, last_name, [first_name, last_name].filter(Boolean).join(' ')].filter(Boolean);
    child.stdin.write(`${JSON.stringify({ id, text, allow })}\n`);
  }
  child.stdin.end();
  const findings = new Map();
  progress('Presidio: loading the analyzer and spaCy model…');
  for await (const line of createInterface({ input: child.stdout })) {
    const { id, findings: found } = JSON.parse(line);
    findings.set(
      id,
      found.filter(({ entity }) => PRESIDIO_KINDS[entity]).map(({ entity, start, end }) => ({ kind: PRESIDIO_KINDS[entity], start, end })),
    );
    progress(`Presidio: ${findings.size}/${texts.length} texts${findings.size === texts.length ? ', done' : ''}`);
  }
  if ((await exited) !== 0 || findings.size !== texts.length) throw new Error('the Presidio analyzer failed (see above)');
  return findings;
}

const figure = (value) => value.toFixed(2);

function table(ours, presidio) {
  const row = (label, a, b) =>
    `| ${label} | ${a.labelled} | ${figure(a.precision)} | ${figure(a.recall)} | ${figure(a.f1)} | ${figure(b.precision)} | ${figure(b.recall)} | ${figure(b.f1)} |`;
  return [
    '| kind | labelled | precision | recall | F1 | Presidio precision | Presidio recall | Presidio F1 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...PII_KINDS.map((kind) => row(kind, ours.kinds[kind], presidio.kinds[kind])),
    row('**overall (micro)**', ours.overall, presidio.overall),
  ].join('\n');
}

progress('preparing the Presidio virtualenv (scripts/pii/requirements.lock)…');
const python = preparePythonVenv('presidio-venv', join(root, 'scripts/pii/requirements.lock'));
progress('Presidio virtualenv ready, done');

const allTexts = SETS.flatMap((set) => set.texts);
const presidio = await presidioFindings(python, allTexts);
const results = SETS.map(({ name, texts }) => {
  const started = performance.now();
  const ours = evaluateFindings(texts, (labelled) => detectPii(labelled.text, labelled.context));
  const milliseconds = (performance.now() - started) / texts.length;
  return { name, texts, ours, presidio: evaluateFindings(texts, (labelled) => presidio.get(labelled.id)), milliseconds };
});

for (const { name, texts, ours, presidio: theirs, milliseconds } of results) {
  const withPii = texts.filter((text) => text.spans.length > 0).length;
  console.log(`\n### ${name}.jsonl: ${texts.length} texts (${withPii} with PII), ${figure(milliseconds)} ms per text for the detector\n`);
  console.log(table(ours, theirs));
}

const heldout = results.find((result) => result.name === 'heldout');
const misses = TARGETS.filter(({ at_least, of }) => !(of(heldout.ours) >= at_least && of(heldout.ours) > of(heldout.presidio)));
console.log('\nHeld-out targets (at least the figure and above Presidio):');
for (const target of TARGETS) {
  const ok = !misses.includes(target);
  console.log(
    `- ${target.label} >= ${target.at_least}: ${figure(target.of(heldout.ours))} vs Presidio ${figure(target.of(heldout.presidio))} ${ok ? 'met' : 'MISSED'}`,
  );
}
process.exitCode = misses.length === 0 ? 0 : 1;
