// Checks ../attestation and ../bundles-negative with this independent implementation:
// - every declaration vector: signing it here gives the vector's bundle byte for byte (Ed25519 is deterministic),
//   and verify.mjs verifies it;
// - the output vector's provenance verifies, with its artifact;
// - every negative vector is rejected, except those listed in LENIENT: checks this deliberately minimal verifier
//   leaves to stricter implementations (JSON.parse keeps the last duplicate member; @sigstore/bundle accepts any v0.x media type).
// Prints {"checked": N, "problems": [...]} and exits 1 on any problem.
import { readdirSync, readFileSync } from 'node:fs';
import { signDeclaration } from './sign.mjs';
import { verifyProvenance } from './verify.mjs';

const LENIENT = new Set(['duplicate-key-in-payload', 'media-type-v02']);
const root = new URL('../', import.meta.url);
const read = (rel) => readFileSync(new URL(rel, root), 'utf8');
const problems = [];
let checked = 0;

for (const f of readdirSync(new URL('attestation/', root)).sort()) {
  const v = JSON.parse(read('attestation/' + f));
  const pub = read(v.public_key);
  if (v.bundle) {
    const mine = signDeclaration(v.declaration, read(v.private_key), v.declared_at);
    if (mine !== v.bundle) problems.push(`${v.name}: signing here gives a different bundle`);
    try {
      const r = verifyProvenance(v.bundle, [pub]);
      if (r.identity !== v.identity) problems.push(`${v.name}: identity ${r.identity}`);
    } catch (e) { problems.push(`${v.name}: ${e.message}`); }
  } else {
    try {
      const sha = v.artifact_sha256;
      const r = verifyProvenance(v.provenance, [pub], sha);
      if (r.identity !== v.identity) problems.push(`${v.name}: identity ${r.identity}`);
    } catch (e) { problems.push(`${v.name}: ${e.message}`); }
  }
  checked++;
}
for (const f of readdirSync(new URL('bundles-negative/', root)).sort()) {
  const v = JSON.parse(read('bundles-negative/' + f));
  let accepted = false;
  try {
    verifyProvenance(v.bundles.join('\n'), [read(v.public_key)], v.artifact_sha256);
    accepted = true;
  } catch { /* rejected, as it must be */ }
  if (accepted && !LENIENT.has(v.name)) problems.push(`${v.name}: accepted`);
  if (!accepted && LENIENT.has(v.name)) problems.push(`${v.name}: now rejected; remove it from LENIENT`);
  checked++;
}
console.log(JSON.stringify({ checked, problems }));
process.exit(problems.length === 0 ? 0 : 1);
