// Signs an airid declaration attestation independently of the Java code: builds the in-toto Statement,
// the DSSE envelope (PAE over byte lengths) and the Sigstore bundle v0.3 with node:crypto only.
//
//   node sign.mjs --key PRIVATE.pem [--declared-at 2026-01-01T00:00:00Z] DECLARATION.json > run.bundle.json
import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { canonicalBytes, PREFIX, sha256Hex } from './identity.mjs';

// The declaration attestation's in-toto Statement: its one subject is the recomputed run identity.
export function statementFor(declarationText, declaredAt) {
  const identity = PREFIX + sha256Hex(canonicalBytes(declarationText));
  const predicate = { declaration: JSON.parse(declarationText) };
  if (declaredAt) predicate.declaredAt = declaredAt;
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: identity, digest: { sha256: identity.slice(PREFIX.length) } }],
    predicateType: 'https://airid.dev/ai-run-declaration/v1',
    predicate,
  };
}

export function signDeclaration(declarationText, privateKeyPem, declaredAt) {
  const statement = statementFor(declarationText, declaredAt);
  const payload = Buffer.from(JSON.stringify(statement), 'utf8');
  const type = 'application/vnd.in-toto+json';
  const typeBytes = Buffer.from(type, 'utf8');
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${typeBytes.length} `), typeBytes, Buffer.from(` ${payload.length} `), payload]);
  const key = createPrivateKey(privateKeyPem);
  const sig = sign(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', pae, key); // ECDSA: DER by default
  const hint = sha256Hex(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  return JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint }, tlogEntries: [] },
    dsseEnvelope: { payload: payload.toString('base64'), payloadType: type, signatures: [{ sig: sig.toString('base64'), keyid: hint }] },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
  const keyFile = opt('--key');
  const declaredAt = opt('--declared-at');
  process.stdout.write(signDeclaration(readFileSync(args[0], 'utf8'), readFileSync(keyFile), declaredAt) + '\n');
}
