import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';

/**
 * The console's built files (`npm run build` writes them to dist/console): next to the compiled gateway
 * (dist/apps/gateway/src/console → dist/console), or under dist/ when the gateway runs from its sources (tests).
 */
export function consoleBundleDirectory(): string | undefined {
  const root = join(__dirname, '../../../..');
  return [join(root, 'console'), join(root, 'dist/console')].find((directory) => existsSync(join(directory, 'index.html')));
}

/** The file to answer a path under /console/ with: the file itself, or the page for any route of the single-page app. */
export function consoleFileFor(path: string): string {
  return path === '' || extname(path) === '' ? 'index.html' : path;
}
