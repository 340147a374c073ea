// Signs an airid declaration attestation independently of the Java code: builds the in-toto Statement,
// the DSSE envelope (PAE over byte lengths) and the Sigstore bundle v0.3 with node:crypto only.
//
//   node sign.mjs --key PRIVATE.pem DECLARATION.json > run.bundle.json
import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { canonicalBytes, PREFIX, sha256Hex } from './identity.mjs';

const args = process.argv.slice(2);
const keyFile = args[args.indexOf('--key') + 1];
const declFile = args.find((a, i) => i !== args.indexOf('--key') + 1 && a !== '--key');
const declarationText = readFileSync(declFile, 'utf8');
const identity = PREFIX + sha256Hex(canonicalBytes(declarationText));
const statement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: identity, digest: { sha256: identity.slice(PREFIX.length) } }],
  predicateType: 'https://airid.dev/ai-run-declaration/v1',
  predicate: { declaration: JSON.parse(declarationText) },
};
const payload = Buffer.from(JSON.stringify(statement), 'utf8');
const type = 'application/vnd.in-toto+json';
const typeBytes = Buffer.from(type, 'utf8');
const pae = Buffer.concat([Buffer.from(`DSSEv1 ${typeBytes.length} `), typeBytes, Buffer.from(` ${payload.length} `), payload]);
const key = createPrivateKey(readFileSync(keyFile));
const hash = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
const sig = sign(hash, pae, key); // ECDSA: DER by default
const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
const hint = sha256Hex(spki);
process.stdout.write(JSON.stringify({
  mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  verificationMaterial: { publicKey: { hint }, tlogEntries: [] },
  dsseEnvelope: { payload: payload.toString('base64'), payloadType: type, signatures: [{ sig: sig.toString('base64'), keyid: hint }] },
}) + '\n');
