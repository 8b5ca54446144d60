// Summarises a V8 .cpuprofile: the functions with the most self time, and the share of time per package
// (node_modules/<name>, the project's own dist/ folders, node internals, GC, idle).
// `node bench/lib/cpu-profile-summary.mjs <file.cpuprofile> [top]`
import { readFileSync } from 'node:fs';

export function summariseProfile(profile, top = 25) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < profile.samples.length; i += 1) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((sum, value) => sum + value, 0) || 1;
  const functions = new Map();
  const areas = new Map();
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    const url = callFrame.url || '';
    const name = callFrame.functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${callFrame.lineNumber + 1}` : '';
    const key = `${name} ${where}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + us);
    const area = areaOf(url, name);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => ({ key, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, functions: rank(functions), areas: rank(areas) };
}

function shortUrl(url) {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) return path.slice(modules + 'node_modules/'.length);
  const dist = path.indexOf('/dist/');
  if (dist >= 0) return path.slice(dist + 1);
  return path;
}

function areaOf(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = /\/dist\/((?:apps|libs)\/[^/]+)/.exec(path);
  if (dist) return dist[1];
  if (path.startsWith('node:')) return 'node internals';
  return path;
}

export function printSummary(summary, write = (line) => process.stdout.write(`${line}\n`)) {
  write(`  sampled ${summary.totalMs.toFixed(0)} ms`);
  write('  by area (self time):');
  for (const row of summary.areas.slice(0, 12)) write(`    ${(100 * row.share).toFixed(1).padStart(5)}%  ${row.key}`);
  write('  hottest functions (self time):');
  for (const row of summary.functions) write(`    ${(100 * row.share).toFixed(1).padStart(5)}%  ${row.key}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node bench/lib/cpu-profile-summary.mjs <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  printSummary(summariseProfile(JSON.parse(readFileSync(file, 'utf8')), Number(process.argv[3] ?? 25)));
}
