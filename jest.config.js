const { readFileSync } = require('node:fs');

const swcConfig = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const shared = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'cjs', 'json'],
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  moduleNameMapper: {
    '^@followup/(contracts|config|logging|messaging|persistence|http|auth|health|pii)$': '<rootDir>/libs/$1/src',
    '^@followup/pii/lead-country$': '<rootDir>/libs/pii/src/lead-country',
  },
};

/**
 * Integration files whose checks hold only while the machine keeps pace: they kill processes mid-flight, count the
 * commands a request costs, drive a browser or a local model, expect answers from an in-memory view that fetched
 * within seconds, or hold a lease of less than a second. They run one at a time with nothing beside them
 * (`integration-alone`); the other files share two workers (`integration`), each file on its own topics, databases
 * and Redis keys (test/support/isolate-run.ts).
 */
const RUN_ALONE = [
  'chaos-short',
  'command-budget',
  'console',
  'delivery-views',
  'durability-processes',
  'fuzz',
  'job-scheduler',
  'llm-local',
];
const runAlonePattern = `/test/integration/(${RUN_ALONE.join('|')})\\.int-spec\\.ts$`;
const integration = {
  ...shared,
  testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/isolate-run.ts'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...integration, displayName: 'integration', testPathIgnorePatterns: [runAlonePattern] },
    { ...integration, displayName: 'integration-alone', testRegex: runAlonePattern, testMatch: undefined },
  ],
};
