// Recomputes every valid identity vector in ../identity/ with this independent implementation.
// Prints {"checked": N, "mismatches": [...]} and exits 1 on any mismatch.
import { readdirSync, readFileSync } from 'node:fs';
import { canonicalBytes, PREFIX, sha256Hex } from './identity.mjs';

const dir = new URL('../identity/', import.meta.url);
const mismatches = [];
let checked = 0;
for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
  const v = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
  if (!v.identity) continue;
  const canonical = canonicalBytes(v.declaration);
  const identity = PREFIX + sha256Hex(canonical);
  if (canonical.toString('hex') !== v.canonical_hex || identity !== v.identity) mismatches.push(v.name);
  checked++;
}
console.log(JSON.stringify({ checked, mismatches }));
process.exit(mismatches.length === 0 ? 0 : 1);
