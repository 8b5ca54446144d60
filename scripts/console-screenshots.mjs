// `npm run console:screenshots`: refreshes docs/console/*.png, each role's main screen, by running the console's
// browser test (test/integration/console.int-spec.ts) with CONSOLE_SCREENSHOTS=1 against a fresh build and
// the real services (Kafka and FerretDB started if needed).
import { join } from 'node:path';
import { infra, prepare, run, ROOT } from './lib.mjs';
import { prepareChromium } from './console-browser.mjs';

prepare('Kafka, PostgreSQL and FerretDB', () => infra('up') === 0);
prepare("Debian's Chromium", prepareChromium);
prepare('dist/ and the console bundle', () => run('npm', ['run', '-s', 'build']) === 0);
process.exit(
  run(
    process.execPath,
    [join(ROOT, 'node_modules/jest/bin/jest.js'), 'test/integration/console.int-spec.ts', '--runInBand', '--forceExit'],
    {
      env: { ...process.env, CONSOLE_SCREENSHOTS: '1', KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    },
  ),
);
