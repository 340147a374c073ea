// Checks every vector in ../frameworks/: its request maps to its declaration (spec/frameworks.md §10, by
// frameworks.mjs), and the declaration's canonical bytes and identity are as recorded.
// Prints {"checked": N, "mismatches": [...]} and exits 1 on any mismatch.
import canonicalize from 'canonicalize';
import { readdirSync, readFileSync } from 'node:fs';
import { declarationOfRequest } from './frameworks.mjs';
import { canonicalBytes, PREFIX, sha256Hex } from './identity.mjs';

const dir = new URL('../frameworks/', import.meta.url);
const mismatches = [];
let checked = 0;
for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
  const v = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
  const mapped = declarationOfRequest(v.request, { provider: v.provider, context: v.context, parents: v.parents });
  const canonical = canonicalBytes(v.declaration);
  if (canonicalize(mapped) !== canonicalize(JSON.parse(v.declaration))) mismatches.push(`${v.name}: mapping`);
  if (canonical.toString('hex') !== v.canonical_hex) mismatches.push(`${v.name}: canonical bytes`);
  if (PREFIX + sha256Hex(canonical) !== v.identity) mismatches.push(`${v.name}: identity`);
  checked++;
}
console.log(JSON.stringify({ checked, mismatches }));
process.exit(mismatches.length === 0 ? 0 : 1);
