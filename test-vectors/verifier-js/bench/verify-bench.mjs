// @sigstore/verify on an airid bundle, the way a consumer would check it in-process (../verify.mjs: the bundle parsed
// by @sigstore/bundle, the DSSE signature and bundle checks by @sigstore/verify with the trusted key), timed beside
// the raw signature check of the same PAE by node:crypto (OpenSSL). "+ identity" adds what airid's verifier also
// does: parse the statement, recompute the run identity with the reference code and compare it with the subject.
//
//   node verify-bench.mjs [--ms WARMUP_MS] BUNDLE PUBLIC_KEY_PEM
//
// Prints one JSON object: median µs per verification and ratios to the raw check.
import { readFileSync } from 'node:fs';
import { createPublicKey, verify as rawVerify } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity } from '@sigstore/verify';
import canonicalize from 'canonicalize';
import { PREFIX, sha256Hex, identityForm } from '../identity.mjs';
import { pairedRun } from './paired.mjs';

const args = process.argv.slice(2);
let warmupMs = 4000;
if (args[0] === '--ms') {
  warmupMs = Number(args[1]);
  args.splice(0, 2);
}
const [bundleFile, keyFile] = args;
const text = readFileSync(bundleFile, 'utf8');
const key = createPublicKey(readFileSync(keyFile, 'utf8'));
const verifier = new Verifier(
  { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [],
    publicKey: () => ({ publicKey: key, validFor: () => true }) },
  { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });

const parsed = JSON.parse(text);
const payload = Buffer.from(parsed.dsseEnvelope.payload, 'base64');
const type = parsed.dsseEnvelope.payloadType;
const sig = Buffer.from(parsed.dsseEnvelope.signatures[0].sig, 'base64');
const pae = Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${payload.length} `), payload]);
const algorithm = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';

function sigstoreVerify() {
  const bundle = bundleFromJSON(JSON.parse(text));
  verifier.verify(toSignedEntity(bundle));
  return bundle;
}

function withIdentity() {
  const bundle = sigstoreVerify();
  const statement = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8'));
  const id = PREFIX + sha256Hex(Buffer.from(canonicalize(identityForm(statement.predicate.declaration)), 'utf8'));
  if (statement.subject[0].name !== id) throw new Error('identity mismatch');
  return id;
}

if (!rawVerify(algorithm, pae, key, sig)) throw new Error('raw check fails');
withIdentity();
const result = pairedRun(() => rawVerify(algorithm, pae, key, sig),
  { 'sigstore-verify': sigstoreVerify, 'sigstore-verify + identity': withIdentity }, warmupMs);
console.log(JSON.stringify({ bundle: bundleFile, key: key.asymmetricKeyType, ...result }));
