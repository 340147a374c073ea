// An independent verifier of airid provenance, using only third-party packages:
// @sigstore/bundle + @sigstore/verify for the bundle, DSSE and signature; `canonicalize` + node:crypto for the identity.
//
//   node verify.mjs --key PUB.pem [--artifact FILE] BUNDLE_OR_JSONL
//   node verify.mjs --trusted-root ROOT.json --certificate-identity SAN --certificate-oidc-issuer URL [--artifact FILE] BUNDLE_OR_JSONL
//
// The second form verifies keyless (Sigstore certificate) bundles with @sigstore/verify's own certificate chain, SCT,
// transparency log and identity checks against the given trusted root.
//
// Prints one JSON object (what was checked and found) and exits 0 if verified, 1 if not, 2 on bad usage.
import { readFileSync } from 'node:fs';
import { createPublicKey, createHash } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { canonicalBytes, PREFIX, sha256Hex } from './identity.mjs';

const DECLARATION = 'https://airid.dev/ai-run-declaration/v1';
const OUTPUT = 'https://airid.dev/ai-run-output/v1';

/** A SHA-256 digest as 64 lowercase hex digits, or null if it is not 64 hex digits (in either case). */
function hex64(v) {
  return typeof v === 'string' && /^[0-9a-fA-F]{64}$/.test(v) ? v.toLowerCase() : null;
}

function parseArgs(argv) {
  const a = { keys: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--key') a.keys.push(argv[++i]);
    else if (argv[i] === '--artifact') a.artifact = argv[++i];
    else if (argv[i] === '--trusted-root') a.trustedRoot = argv[++i];
    else if (argv[i] === '--certificate-identity') a.identity = argv[++i];
    else if (argv[i] === '--certificate-oidc-issuer') a.issuer = argv[++i];
    else a.file = argv[i];
  }
  const keyless = a.trustedRoot && a.identity && a.issuer;
  if (!a.file || (a.keys.length === 0) === !keyless) {
    console.error('usage: node verify.mjs (--key PUB.pem | --trusted-root ROOT.json --certificate-identity SAN --certificate-oidc-issuer URL) [--artifact FILE] BUNDLE_OR_JSONL');
    process.exit(2);
  }
  return a;
}

// Signature checks for public-key bundles: the hint is only a hint, so every trusted key is tried.
function keySigners(keyPems) {
  const keys = keyPems.map((pem) => createPublicKey(pem));
  return (bundle) => {
    for (const key of keys) {
      const verifier = new Verifier(
        { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [],
          publicKey: () => ({ publicKey: key, validFor: () => true }) },
        { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
      try {
        verifier.verify(toSignedEntity(bundle));
        return key;
      } catch { /* next key */ }
    }
    return null;
  };
}

// Signature checks for keyless bundles: @sigstore/verify's defaults (one tlog entry, one SCT) and the identity policy.
export function certificateSigner(trustedRootJson, identity, issuer) {
  const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(trustedRootJson)));
  return (bundle) => {
    try {
      return verifier.verify(toSignedEntity(bundle), { subjectAlternativeName: identity, extensions: { issuer } }).key;
    } catch (e) {
      throw new Error(`keyless: ${e.code || ''} ${e.message}`.trim());
    }
  };
}

export function verifyProvenance(text, keyPemsOrSigner, artifactSha256) {
  const signer = typeof keyPemsOrSigner === 'function' ? keyPemsOrSigner : keySigners(keyPemsOrSigner);
  // The hint is only a hint: try every trusted key.
  const result = { verified: false, bundles: [] };
  const lines = isOneDocument(text) ? [text] : text.split('\n').filter((l) => l.trim() !== '');
  let declaration = null;
  let declarationPayload = null;
  const outputs = [];
  for (const [i, line] of lines.entries()) {
    const bundle = bundleFromJSON(JSON.parse(line));
    const signedBy = signer(bundle);
    if (!signedBy) throw new Error(`bundle ${i}: no trusted key verifies the signature`);
    if (bundle.content.dsseEnvelope.payloadType !== 'application/vnd.in-toto+json') throw new Error(`bundle ${i}: payloadType`);
    const payload = bundle.content.dsseEnvelope.payload;
    const statement = JSON.parse(payload.toString('utf8'));
    if (statement._type !== 'https://in-toto.io/Statement/v1') throw new Error(`bundle ${i}: _type`);
    if (statement.predicateType === DECLARATION) {
      if (i !== 0) throw new Error(`bundle ${i}: a declaration must come first`);
      const identity = PREFIX + sha256Hex(canonicalBytes(JSON.stringify(statement.predicate.declaration)));
      const s = statement.subject;
      // Digests are compared as bytes: hex in either case (spec/attestations.md §2.1); the name is compared as text.
      if (s.length !== 1 || s[0].name !== identity || hex64(s[0].digest.sha256) !== identity.slice(PREFIX.length)
          || Object.keys(s[0].digest).length !== 1) {
        throw new Error(`bundle ${i}: subject is not the recomputed identity ${identity}`);
      }
      declaration = identity;
      declarationPayload = sha256Hex(payload);
      result.identity = identity;
      result.model = statement.predicate.declaration.model.name;
    } else if (statement.predicateType === OUTPUT) {
      if (!declaration) throw new Error(`bundle ${i}: output without a verified declaration`);
      if (statement.predicate.run.identity !== declaration) throw new Error(`bundle ${i}: names another run`);
      if (hex64(statement.predicate.run.declaration.sha256) !== declarationPayload) throw new Error(`bundle ${i}: bound to another declaration payload`);
      outputs.push(...statement.subject);
    } else {
      throw new Error(`bundle ${i}: unknown predicateType ${statement.predicateType}`);
    }
    result.bundles.push({ predicateType: statement.predicateType, keyType: signedBy.asymmetricKeyType });
  }
  if (!declaration) throw new Error('no declaration bundle');
  if (artifactSha256 && !outputs.some((s) => hex64(s.digest.sha256) === artifactSha256)) {
    throw new Error(`artifact sha256:${artifactSha256} is not an output of the run`);
  }
  result.outputs = outputs.map((s) => s.name);
  result.verified = true;
  return result;
}

// A single (possibly pretty-printed) bundle parses as one document; JSON Lines with 2+ bundles does not.
function isOneDocument(text) {
  try { JSON.parse(text); return true; } catch { return false; }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  const text = readFileSync(args.file, 'utf8');
  const artifact = args.artifact ? createHash('sha256').update(readFileSync(args.artifact)).digest('hex') : undefined;
  try {
    const trust = args.trustedRoot
      ? certificateSigner(JSON.parse(readFileSync(args.trustedRoot, 'utf8')), args.identity, args.issuer)
      : args.keys.map((k) => readFileSync(k, 'utf8'));
    const r = verifyProvenance(text, trust, artifact);
    console.log(JSON.stringify(r));
    process.exit(0);
  } catch (e) {
    console.log(JSON.stringify({ verified: false, error: e.message }));
    process.exit(1);
  }
}
