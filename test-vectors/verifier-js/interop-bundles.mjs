// Produces the Sigstore interop cases of test-vectors/sigstore-interop/manifest.json, and the verdict that
// @sigstore/verify gives on every case of the manifest (produced ones and checked-in fixtures alike).
//
//   node interop-bundles.mjs MANIFEST OUT_DIR
//
// Bundles are made by the Sigstore JavaScript client (@sigstore/sign: FulcioSigner, RekorWitness and the DSSE and
// message-signature bundle builders), signing over real HTTP on a free 127.0.0.1 port against a private instance:
// @sigstore/mock's Fulcio (with its CT log) and Rekor v1 logs of two implementations, all under one log key:
//   /log/mock/…         @sigstore/mock's own log: each entry is the only leaf of a tree of size 1, at a random index;
//   /log/<name>/…       merkle-log.mjs: one RFC 6962 tree per name, kept in memory. "many" holds FILLER earlier
//                       entries before any case signs; a case whose log is "fresh" gets a new log of its own (its
//                       entry has index 0 in a tree of size 1);
//   /log/<name>/pem/<form>/…  the same log, storing the certificate PEM wrapped differently (same DER).
// A case is either signed ({"sign": …}) or derived from an earlier case ({"from": …, "transform": …}); the
// transforms are listed in TRANSFORMS below and described in test-vectors/sigstore-interop/README.md.
//
// Writes into OUT_DIR: trusted_root.json, foreign_trusted_root.json (another instance's), artifact.txt,
// other-artifact.txt, <case>.sigstore.json for each produced case, and results.json:
//   {"cases": {"<name>": {"bundle", "artifact", "trusted_root", "sigstore_js": {"verified", "code"?, "message"?}}}}
// with absolute paths (artifact may be a digest, as the case gives it; "verified" is null where @sigstore/verify cannot
// judge the case), or {"missing": PATH} for a case whose artifact is absent (shared vectors not beside the
// repository). Exits 0 when every case was produced.
import { createServer } from 'node:http';
import { createHash, sign as nodeSign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import canonicalize from 'canonicalize';
import mock from '@sigstore/mock';
import { DSSEBundleBuilder, FulcioSigner, MessageSignatureBundleBuilder, RekorWitness } from '@sigstore/sign';
import { bundleFromJSON, bundleToJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { MerkleLog } from './merkle-log.mjs';
import { keyPair, trustedRoot } from './trust-material.mjs';

const { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, rekorHandler } = mock;
const FILLER = 24;
const STATEMENT_TYPE = 'application/vnd.in-toto+json';

const [manifestPath, outArg] = process.argv.slice(2);
if (!manifestPath || !outArg) {
  console.error('usage: node interop-bundles.mjs MANIFEST OUT_DIR');
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const fixtures = dirname(resolve(manifestPath));
const out = resolve(outArg);
mkdirSync(out, { recursive: true });
const { identity, issuer } = manifest.instance;

// ---- the instance -------------------------------------------------------------------------------------------------

const since = new Date(Date.now() - 60_000).toISOString();
const tlogKeys = keyPair('prime256v1');
const ctKeys = keyPair('prime256v1');
const ctLog = await initializeCTLog(ctKeys);
const fulcio = await initializeCA(keyPair('secp384r1'), ctLog);
const mockLog = await initializeTLog('http://127.0.0.1', tlogKeys);
const logs = new Map();
const merkleLog = (name) => {
  if (!logs.has(name)) logs.set(name, new MerkleLog('127.0.0.1', tlogKeys));
  return logs.get(name);
};

const PEM_FORMS = {
  // The standard form, as Fulcio and Rekor write it: 64-character lines, LF, a newline at the end. (@sigstore/mock's
  // Fulcio returns its base64 on one line, and @sigstore/sign logs the PEM as Fulcio returned it.)
  'lf-64': (der) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE-----\n`,
  // One base64 line, no newline after the END line.
  'one-line': (der) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----`,
  // 76-character lines (MIME's width) ending in CRLF.
  'crlf-76': (der) => `-----BEGIN CERTIFICATE-----\r\n${der.toString('base64').match(/.{1,76}/g).join('\r\n')}\r\n-----END CERTIFICATE-----\r\n`,
};
const pemDer = (pem) => Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, ''), 'base64');

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const send = (status, text, type = 'application/json') => res.writeHead(status, { 'content-type': type }).end(text);
    try {
      if (req.method !== 'POST') return send(404, 'not found', 'text/plain');
      if (req.url === fulcioHandler(fulcio).path) {
        const r = await fulcioHandler(fulcio).fn(body);
        return send(r.statusCode, r.response, r.contentType || 'text/plain');
      }
      if (req.url === '/log/mock' + rekorHandler(mockLog).path) {
        const r = await rekorHandler(mockLog).fn(body);
        return send(r.statusCode, r.response, r.contentType || 'text/plain');
      }
      const m = /^\/log\/([a-z0-9.-]+)(?:\/pem\/([a-z0-9-]+))?\/api\/v1\/log\/entries$/.exec(req.url);
      if (!m || (m[2] && !PEM_FORMS[m[2]])) return send(404, `no route ${req.url}`, 'text/plain');
      const rewrap = m[2] ? (pem) => PEM_FORMS[m[2]](pemDer(pem)) : undefined;
      return send(201, JSON.stringify(merkleLog(m[1]).append(JSON.parse(body), rewrap)));
    } catch (e) {
      return send(400, String(e.message), 'text/plain');
    }
  });
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}`;

const root = trustedRoot(url, [fulcio.rootCertificate], tlogKeys.publicKey, ctKeys.publicKey, since);
const foreignCt = await initializeCTLog(keyPair('prime256v1'));
const foreignCa = await initializeCA(keyPair('secp384r1'), foreignCt);
const foreignRoot = trustedRoot(url, [foreignCa.rootCertificate], keyPair('prime256v1').publicKey,
  keyPair('prime256v1').publicKey, since);
const write = (name, data) => {
  writeFileSync(join(out, name), data);
  return join(out, name);
};
const rootFiles = {
  '@instance': write('trusted_root.json', JSON.stringify(root, null, 2) + '\n'),
  '@foreign': write('foreign_trusted_root.json', JSON.stringify(foreignRoot, null, 2) + '\n'),
};
const artifacts = {
  '@artifact': Buffer.from(manifest.instance.artifact, 'utf8'),
  '@other-artifact': Buffer.from(manifest.instance.other_artifact, 'utf8'),
};
const artifactFiles = { '@artifact': write('artifact.txt', artifacts['@artifact']),
  '@other-artifact': write('other-artifact.txt', artifacts['@other-artifact']) };

// ---- signing with the JavaScript client ---------------------------------------------------------------------------

// An OIDC token for the instance's identity. @sigstore/mock's Fulcio decodes it without checking its signature; it is
// signed anyway, with a throwaway key, so that it is a well-formed ES256 JWT.
function token() {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = `${enc({ alg: 'ES256', typ: 'JWT' })}.${enc({ iss: issuer, sub: identity, aud: 'sigstore', iat: now, exp: now + 600 })}`;
  const sig = nodeSign('sha256', Buffer.from(input), { key: keyPair('prime256v1').privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}

const signer = () => new FulcioSigner({ fulcioBaseURL: url, identityProvider: { getToken: async () => token() } });

function logUrl(caseName, produce) {
  if (!['mock', 'fresh', 'many'].includes(produce.log)) throw new Error(`${caseName}: unknown log ${produce.log}`);
  if (produce.log === 'mock' && produce.log_pem) throw new Error(`${caseName}: the mock log stores what it is given`);
  const name = produce.log === 'fresh' ? `fresh-${caseName}` : produce.log;
  return `${url}/log/${name}${produce.log_pem ? `/pem/${produce.log_pem}` : ''}`;
}

function statement(digests, note) {
  const digest = {};
  for (const alg of digests) digest[alg] = createHash(alg).update(artifacts['@artifact']).digest('hex');
  return Buffer.from(JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'artifact.txt', digest }],
    predicateType: 'https://airid.dev/test/interop/v1',
    predicate: { note },
  }), 'utf8');
}

async function signCase(name, p) {
  const witnesses = [new RekorWitness({ rekorBaseURL: logUrl(name, p), entryType: p.entry })];
  if (p.sign === 'dsse') {
    if (!['intoto', 'dsse'].includes(p.entry) || !['v0.3', 'v0.2'].includes(p.bundle)) throw new Error(`${name}: entry/bundle`);
    const builder = new DSSEBundleBuilder({ signer: signer(), witnesses, certificateChain: p.bundle === 'v0.2' });
    const data = statement(p.subject_digests || ['sha256'], manifest.instance.note);
    return bundleToJSON(await builder.create({ data, type: STATEMENT_TYPE }));
  }
  if (p.sign === 'message') {
    if (p.entry !== 'hashedrekord') throw new Error(`${name}: a message signature is logged as hashedrekord`);
    const builder = new MessageSignatureBundleBuilder({ signer: signer(), witnesses });
    return bundleToJSON(await builder.create({ data: artifacts['@artifact'] }));
  }
  throw new Error(`${name}: unknown sign ${p.sign}`);
}

// ---- transforms of a produced bundle ------------------------------------------------------------------------------

const flipLast = (b64) => {
  const b = Buffer.from(b64, 'base64');
  b[b.length - 1] ^= 0x01;
  return b.toString('base64');
};
const flipFirst = (b64) => {
  const b = Buffer.from(b64, 'base64');
  b[0] ^= 0x01;
  return b.toString('base64');
};
const entry0 = (b) => b.verificationMaterial.tlogEntries[0];
const certHolder = (b) => b.verificationMaterial.certificate ?? b.verificationMaterial.x509CertificateChain.certificates[0];
const snake = (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
// Each field's original proto name. io.intoto.Envelope declares its fields as payload, payloadType, signatures, sig
// and keyid: those ARE their proto names (protoc keeps payloadType), so the envelope keeps its spelling.
const renameKeys = (v, inEnvelope = false) => Array.isArray(v) ? v.map((x) => renameKeys(x, inEnvelope))
  : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) =>
    [inEnvelope ? k : snake(k), renameKeys(x, inEnvelope || k === 'dsseEnvelope')])) : v;
let spareCertificate;

const TRANSFORMS = {
  copy: () => {},
  signature: (b) => {
    if (b.dsseEnvelope) b.dsseEnvelope.signatures[0].sig = flipLast(b.dsseEnvelope.signatures[0].sig);
    else b.messageSignature.signature = flipLast(b.messageSignature.signature);
  },
  payload: (b) => {
    b.dsseEnvelope.payload = statement(['sha256'], manifest.instance.note + ' (changed)').toString('base64');
  },
  'certificate-swapped': (b) => {
    certHolder(b).rawBytes = spareCertificate;
  },
  'certificate-byte': (b) => {
    // The last byte is inside the issuer's signature value: the key and the SAN are unchanged.
    certHolder(b).rawBytes = flipLast(certHolder(b).rawBytes);
  },
  'log-body': (b) => {
    const e = entry0(b);
    const body = JSON.parse(Buffer.from(e.canonicalizedBody, 'base64').toString('utf8'));
    const hash = body.kind === 'hashedrekord' ? body.spec.data.hash
      : body.kind === 'intoto' ? body.spec.content.payloadHash : body.spec.payloadHash;
    hash.value = createHash('sha256').update(artifacts['@other-artifact']).digest('hex');
    e.canonicalizedBody = Buffer.from(canonicalize(body), 'utf8').toString('base64');
  },
  'inclusion-hash': (b) => {
    const p = entry0(b).inclusionProof;
    if (!p.hashes?.length) throw new Error('the proof has no hashes to change');
    p.hashes[0] = flipFirst(p.hashes[0]);
  },
  'inclusion-root': (b) => {
    entry0(b).inclusionProof.rootHash = flipFirst(entry0(b).inclusionProof.rootHash);
  },
  'checkpoint-signature': (b) => {
    const cp = entry0(b).inclusionProof.checkpoint;
    cp.envelope = cp.envelope.replace(/(\u2014 \S+ )(\S+)\n/, (_, head, sig) => `${head}${flipLast(sig)}\n`);
  },
  'checkpoint-root': (b) => {
    const cp = entry0(b).inclusionProof.checkpoint;
    const lines = cp.envelope.split('\n');
    lines[2] = flipFirst(lines[2]);
    cp.envelope = lines.join('\n');
  },
  set: (b) => {
    const pr = entry0(b).inclusionPromise;
    pr.signedEntryTimestamp = flipLast(pr.signedEntryTimestamp);
  },
  'integrated-time': (b) => {
    entry0(b).integratedTime = String(Number(entry0(b).integratedTime) + 1);
  },
  'log-index': (b) => {
    entry0(b).logIndex = String(Number(entry0(b).logIndex ?? '0') + 1);
  },
  'no-tlog-entries': (b) => {
    b.verificationMaterial.tlogEntries = [];
  },
  'no-inclusion-proof': (b) => {
    delete entry0(b).inclusionProof;
  },
  // Encodings of the same bundle that the protobuf JSON mapping allows.
  'snake-case': (b) => {
    const r = renameKeys(b);
    for (const k of Object.keys(b)) delete b[k];
    Object.assign(b, r);
  },
  'int-numbers': (b) => {
    for (const e of b.verificationMaterial.tlogEntries) {
      if (e.logIndex !== undefined) e.logIndex = Number(e.logIndex);
      e.integratedTime = Number(e.integratedTime);
      if (e.inclusionProof.logIndex !== undefined) e.inclusionProof.logIndex = Number(e.inclusionProof.logIndex);
      e.inclusionProof.treeSize = Number(e.inclusionProof.treeSize);
    }
  },
  'defaults-explicit': (b) => {
    for (const e of b.verificationMaterial.tlogEntries) {
      e.logIndex ??= '0';
      e.inclusionProof.logIndex ??= '0';
      e.inclusionProof.hashes ??= [];
    }
    if (b.dsseEnvelope) for (const s of b.dsseEnvelope.signatures) s.keyid ??= '';
    b.verificationMaterial.timestampVerificationData ??= { rfc3161Timestamps: [] };
  },
  'defaults-omitted': (b) => {
    for (const e of b.verificationMaterial.tlogEntries) {
      if (e.logIndex === '0' || e.logIndex === 0) delete e.logIndex;
      if (e.inclusionProof.logIndex === '0' || e.inclusionProof.logIndex === 0) delete e.inclusionProof.logIndex;
      if (e.inclusionProof.hashes?.length === 0) delete e.inclusionProof.hashes;
    }
    if (b.dsseEnvelope) for (const s of b.dsseEnvelope.signatures) if (s.keyid === '') delete s.keyid;
    const tvd = b.verificationMaterial.timestampVerificationData;
    if (tvd && !(tvd.rfc3161Timestamps?.length)) delete b.verificationMaterial.timestampVerificationData;
  },
  // Repackaging: the same signature and log entry in another bundle version (what the verification material means
  // does not change; only the leaf certificate is ever sent).
  'as-v0.3': (b) => {
    b.mediaType = 'application/vnd.dev.sigstore.bundle.v0.3+json';
    const chain = b.verificationMaterial.x509CertificateChain;
    if (chain) {
      delete b.verificationMaterial.x509CertificateChain;
      b.verificationMaterial = { certificate: chain.certificates[0], ...b.verificationMaterial };
    }
  },
  'as-v0.1': (b) => {
    if (!b.verificationMaterial.x509CertificateChain) throw new Error('v0.1 carries a certificate chain');
    b.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.1';
  },
};

// ---- @sigstore/verify's verdict -----------------------------------------------------------------------------------

const verifiers = new Map();
function sigstoreJs(bundleText, rootPath, artifact, c) {
  try {
    if (!verifiers.has(rootPath)) {
      verifiers.set(rootPath, new Verifier(toTrustMaterial(TrustedRoot.fromJSON(JSON.parse(readFileSync(rootPath, 'utf8'))))));
    }
    const bundle = bundleFromJSON(JSON.parse(bundleText));
    let data;
    if (bundle.content.$case === 'messageSignature') {
      if (!artifact.file) return { verified: null, note: 'a message signature needs the artifact bytes; the case gives only a digest' };
      data = readFileSync(artifact.file);
    }
    verifiers.get(rootPath).verify(toSignedEntity(bundle, data), { subjectAlternativeName: c.identity, extensions: { issuer: c.issuer } });
    return { verified: true };
  } catch (e) {
    return { verified: false, code: e.code || e.name, message: e.message };
  }
}

// ---- the cases ----------------------------------------------------------------------------------------------------

const start = Date.now();
for (let i = 0; i < FILLER; i++) {
  // Earlier entries of the "many" log: message signatures by other signers, so that later proofs have hashes.
  const builder = new MessageSignatureBundleBuilder({ signer: signer(), witnesses: [new RekorWitness({ rekorBaseURL: `${url}/log/many` })] });
  await builder.create({ data: Buffer.from(`filler ${i}`) });
}
{
  const spare = bundleToJSON(await new MessageSignatureBundleBuilder({ signer: signer(),
    witnesses: [new RekorWitness({ rekorBaseURL: `${url}/log/spare` })] }).create({ data: Buffer.from('spare') }));
  spareCertificate = certHolder(spare).rawBytes;
}

const produced = new Map();
const results = {};
for (const c of manifest.cases) {
  let bundlePath;
  if (c.produce) {
    let json;
    if (c.produce.sign) {
      json = await signCase(c.name, c.produce);
    } else {
      if (!produced.has(c.produce.from)) throw new Error(`${c.name}: ${c.produce.from} is not produced before it`);
      json = structuredClone(produced.get(c.produce.from));
      for (const t of [c.produce.transform ?? 'copy'].flat()) {
        if (!TRANSFORMS[t]) throw new Error(`${c.name}: unknown transform ${t}`);
        TRANSFORMS[t](json);
      }
    }
    produced.set(c.name, json);
    bundlePath = write(`${c.name}.sigstore.json`, JSON.stringify(json));
  } else {
    bundlePath = join(fixtures, c.bundle);
  }
  const rootPath = rootFiles[c.trusted_root] ?? join(fixtures, c.trusted_root);
  // "external:" names a file of the shared third-party vectors, read in place beside the repository.
  const artifact = artifactFiles[c.artifact] ? { file: artifactFiles[c.artifact] }
    : /^sha(256|384|512):/.test(c.artifact) ? { digest: c.artifact }
      : c.artifact.startsWith('external:') ? { file: join(fixtures, '../../../shared/external-vectors', c.artifact.slice(9)) }
        : { file: join(fixtures, c.artifact) };
  if (artifact.file && !existsSync(artifact.file)) {
    results[c.name] = { missing: artifact.file };
    continue;
  }
  results[c.name] = {
    bundle: bundlePath,
    artifact: artifact.file ?? artifact.digest,
    trusted_root: rootPath,
    sigstore_js: sigstoreJs(readFileSync(bundlePath, 'utf8'), rootPath, artifact, c),
  };
}
write('results.json', JSON.stringify({ url, millis: Date.now() - start, many_log_size: merkleLog('many').size, cases: results }, null, 2) + '\n');
server.close();
console.log(JSON.stringify({ cases: Object.keys(results).length, produced: produced.size, millis: Date.now() - start }));
