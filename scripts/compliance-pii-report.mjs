// npm run compliance:pii-report: precision, recall and F1 per PII kind and overall of the compliance detector
// (libs/pii) on the development, the held-out and the names held-out labelled sets (apps/compliance/test-data/pii), side by side
// with Microsoft Presidio's analyzer on the same texts in the same run. Presidio runs from a virtualenv
// installed from scripts/pii/requirements.lock (hash-locked) and cached under
// ${XDG_CACHE_HOME:-~/.cache}/followup-infra/presidio-venv. Also counts third parties' names found with every text typed in
// lower case and in capitals. Exits 1 when a held-out target is missed.
// Compiles the TypeScript sources on the fly with @swc/core (already a dev dependency), resolving @followup/* paths.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
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

/**
 * Presidio's entities mapped to our kinds only where they mean the same thing. DATE_TIME (any date or time)
 * is not a date of birth and LOCATION (a city, a country) is not a street address, so those, and UK_NHS (a
 * health record number, none in the sets), are left out: they neither score nor count as false alarms.
 * Presidio has no recognizer for dates of birth, street addresses or format characters: its cells there read
 * "no recognizer" and those labels count as its misses in its overall row (as ours would if we had none).
 */
const PRESIDIO_KINDS = {
  EMAIL_ADDRESS: 'email',
  PHONE_NUMBER: 'phone',
  CREDIT_CARD: 'card_number',
  IBAN_CODE: 'iban',
  US_BANK_NUMBER: 'bank_account',
  US_SSN: 'national_id',
  US_ITIN: 'national_id',
  UK_NINO: 'national_id',
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
};
const PRESIDIO_COVERS = new Set(Object.values(PRESIDIO_KINDS));

/** Held-out targets: the detector's figure must reach `at_least` and be above Presidio's. */
const TARGETS = [
  { label: 'email recall', at_least: 0.97, kind: 'email', of: (evaluation) => evaluation.kinds.email.recall },
  { label: 'phone recall', at_least: 0.97, kind: 'phone', of: (evaluation) => evaluation.kinds.phone.recall },
  { label: 'overall recall', at_least: 0.9, of: (evaluation) => evaluation.overall.recall },
  { label: 'overall precision', at_least: 0.95, of: (evaluation) => evaluation.overall.precision },
];

// names-heldout: third parties' names from every continent, written blind (its README section); no target of its own
const SETS = ['development', 'heldout', 'names-heldout'].map((name) => {
  const file = join(root, 'apps/compliance/test-data/pii', `${name}.jsonl`);
  if (!existsSync(file)) {
    console.error(`[pii-report] ${file} is missing: the report needs every labelled set`);
    process.exit(2);
  }
  return { name, texts: parseLabelledSet(readFileSync(file, 'utf8')) };
});

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

/** Precision, recall and F1 of one detector, '—' where there is nothing to divide by (no finding, no label). */
function cells(score) {
  const found = score.true_positives + score.false_positives;
  if (score.labelled === 0 && found === 0) return ['—', '—', '—'];
  return [
    found ? figure(score.precision) : '—',
    score.labelled ? figure(score.recall) : '—',
    found && score.labelled ? figure(score.f1) : '—',
  ];
}

/** Micro scores over the kinds Presidio has a recognizer for, the like-for-like comparison. */
function sharedKinds(evaluation) {
  const shared = Object.entries(evaluation.kinds).filter(([kind]) => PRESIDIO_COVERS.has(kind));
  const sum = (key) => shared.reduce((total, [, score]) => total + score[key], 0);
  const tp = sum('true_positives');
  const fp = sum('false_positives');
  const labelled = sum('labelled');
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = labelled ? tp / labelled : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { labelled, true_positives: tp, false_positives: fp, false_negatives: labelled - tp, precision, recall, f1 };
}

/** One row per kind of `PII_KINDS` and any other kind a set labels, then the overall rows. */
function table(ours, presidio) {
  const row = (label, a, b, presidioCovers = true) =>
    `| ${label} | ${a.labelled} | ${cells(a).join(' | ')} | ${(presidioCovers ? cells(b) : ['no recognizer', '', '']).join(' | ')} |`;
  const kinds = [...new Set([...PII_KINDS, ...Object.keys(ours.kinds)])];
  const none = { labelled: 0, true_positives: 0, false_positives: 0, false_negatives: 0, precision: 1, recall: 1, f1: 1 };
  return [
    '| kind | labelled | precision | recall | F1 | Presidio precision | Presidio recall | Presidio F1 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...kinds.map((kind) => row(kind, ours.kinds[kind] ?? none, presidio.kinds[kind] ?? none, PRESIDIO_COVERS.has(kind))),
    row('**overall (micro, every kind)**', ours.overall, presidio.overall),
    row('overall on the kinds Presidio covers', sharedKinds(ours), sharedKinds(presidio)),
  ].join('\n');
}

progress('preparing the Presidio virtualenv (scripts/pii/requirements.lock)…');
const python = preparePythonVenv('presidio-venv', join(root, 'scripts/pii/requirements.lock'));
progress('Presidio virtualenv ready, done');

// ids are unique within a set only, so Presidio's answers are keyed by set and id
const allTexts = SETS.flatMap((set) => set.texts.map((labelled) => ({ ...labelled, id: `${set.name}/${labelled.id}` })));
const presidio = await presidioFindings(python, allTexts);
const results = SETS.map(({ name, texts }) => {
  const started = performance.now();
  const ours = evaluateFindings(texts, (labelled) => detectPii(labelled.text, labelled.context));
  const milliseconds = (performance.now() - started) / texts.length;
  return { name, texts, ours, presidio: evaluateFindings(texts, (labelled) => presidio.get(`${name}/${labelled.id}`)), milliseconds };
});

console.log('\nPresidio entities scored, and the kind each counts as (any other entity is ignored):');
console.log(
  Object.entries(PRESIDIO_KINDS)
    .map(([entity, kind]) => `${entity}→${kind}`)
    .join(', '),
);
console.log('A finding is a true positive when it has the labelled kind and overlaps a labelled span.');

for (const { name, texts, ours, presidio: theirs, milliseconds } of results) {
  const withPii = texts.filter((text) => text.spans.length > 0).length;
  console.log(`\n### ${name}.jsonl: ${texts.length} texts (${withPii} with PII), ${figure(milliseconds)} ms per text for the detector\n`);
  console.log(table(ours, theirs));
}

/** Each text as a rep may type it, in lower case or in capitals; one whose length the change would alter stays as written. */
const typedAs = (texts, change) =>
  texts.map((labelled) => {
    const text = change(labelled.text);
    return text.length === labelled.text.length ? { ...labelled, text } : labelled;
  });
const thirdParties = ({ true_positives, labelled, false_positives }) => `${true_positives} of ${labelled}, ${false_positives} false`;
const detectedIn = (texts) => evaluateFindings(texts, (labelled) => detectPii(labelled.text, labelled.context)).kinds.other_person;
console.log("\nThird parties' full names (other_person) with every text typed in lower case or in capitals, the detector only:\n");
console.log('| set | as written | in lower case | in capitals |\n| --- | --- | --- | --- |');
for (const { name, texts, ours } of results) {
  const lower = thirdParties(detectedIn(typedAs(texts, (text) => text.toLowerCase())));
  const upper = thirdParties(detectedIn(typedAs(texts, (text) => text.toUpperCase())));
  console.log(`| ${name} | ${thirdParties(ours.kinds.other_person)} | ${lower} | ${upper} |`);
}

const heldout = results.find((result) => result.name === 'heldout');
/** A kind target with nothing of that kind labelled cannot be measured; it is said, not counted as met. */
const measurable = ({ kind }) => !kind || (heldout.ours.kinds[kind]?.labelled ?? 0) > 0;
const misses = TARGETS.filter(
  (target) => measurable(target) && !(target.of(heldout.ours) >= target.at_least && target.of(heldout.ours) > target.of(heldout.presidio)),
);
console.log('\nHeld-out targets (at least the figure and above Presidio):');
for (const target of TARGETS) {
  if (!measurable(target)) {
    console.log(`- ${target.label} >= ${target.at_least}: not measured, the held-out set labels no ${target.kind}`);
    continue;
  }
  const ok = !misses.includes(target);
  console.log(
    `- ${target.label} >= ${target.at_least}: ${figure(target.of(heldout.ours))} vs Presidio ${figure(target.of(heldout.presidio))} ${ok ? 'met' : 'MISSED'}`,
  );
}
process.exitCode = misses.length === 0 ? 0 : 1;
