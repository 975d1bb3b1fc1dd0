// `npm run bench [filter]`: runs every bench/*.bench.ts and prints one line per measurement.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { BenchModule, BenchResult } from './bench-result';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
const all: BenchResult[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as BenchModule;
  console.log(`# ${file}`);
  for (const r of await mod.default()) {
    all.push(r);
    const verdict = r.met === undefined ? '' : r.met ? '  [target met]' : '  [TARGET MISSED]';
    console.log(
      `${r.name}: ${fmt(r.value)} ${r.unit} | reference ${r.reference}: ${fmt(r.referenceValue)} ${r.unit}` +
        ` | ratio ${r.ratio.toFixed(2)}x${r.target ? ` (target ${r.target})` : ''}${verdict}`,
    );
  }
}
const missed = all.filter((r) => r.met === false).length;
console.log(`\n${all.length} measurements, ${missed} targets missed`);

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(2);
}
