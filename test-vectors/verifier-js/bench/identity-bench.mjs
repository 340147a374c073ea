// The JavaScript reference identity (../identity.mjs: JSON.parse, the identity form, `canonicalize` for RFC 8785,
// node:crypto for SHA-256) timed on declaration files, each beside its floor: one SHA-256 of the same bytes.
// Batches of the two alternate, as in airid's Paired harness, so drift of the machine's speed cancels.
//
//   node identity-bench.mjs [--ms WARMUP_MS] FILE...
//
// Prints one JSON object per file: median times (µs) and the median and quartiles of the per-batch ratios.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { identityOf } from '../identity.mjs';
import { pairedRun } from './paired.mjs';

const args = process.argv.slice(2);
let warmupMs = 4000;
if (args[0] === '--ms') {
  warmupMs = Number(args[1]);
  args.splice(0, 2);
}
for (const file of args) {
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  const result = pairedRun(
    () => createHash('sha256').update(bytes).digest(),
    { identity: () => identityOf(text) },
    warmupMs);
  console.log(JSON.stringify({ file, bytes: bytes.length, ...result }));
}
