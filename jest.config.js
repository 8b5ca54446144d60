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

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
      setupFiles: ['reflect-metadata', '<rootDir>/test/support/isolate-run.ts'],
    },
  ],
};
