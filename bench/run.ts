/**
 * `npm run bench [-- filter]`: runs every bench/*.bench.ts and writes bench/results.json.
 */
import { readdirSync, writeFileSync } from 'node:fs';
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
writeFileSync(join(here, 'results.json'), JSON.stringify(h.results, null, 2) + '\n');
console.log(`\nwrote bench/results.json (${h.results.length} figures)`);
