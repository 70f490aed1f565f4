/**
 * `npm run bench [-- filter]`: runs every bench/*.bench.ts and writes bench/results.json.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Harness, type BenchModule } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
const h = new Harness();
for (const f of files) {
  console.log(`\n# ${f}`);
  const mod = (await import(join(here, f))) as BenchModule;
  await mod.default(h);
}
// A filtered run (`npm run bench -- server-load`) replaces only its own rows: the other benches' figures stay.
const resultsFile = join(here, 'results.json');
const kept = filter && existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { name: string }[]).filter((r) => !h.results.some((n) => n.name === r.name)) : [];
writeFileSync(resultsFile, JSON.stringify([...kept, ...h.results], null, 2) + '\n');
console.log(`\nwrote bench/results.json (${h.results.length} figures${kept.length ? `, ${kept.length} earlier ones kept` : ''})`);
