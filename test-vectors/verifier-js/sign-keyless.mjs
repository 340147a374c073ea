// Signs an airid declaration attestation keylessly, independently of the Java code: an ephemeral P-256 key
// (node:crypto), a certificate from Fulcio's REST API, a DSSE signature, a Rekor v1 hashedrekord entry over the
// SHA-256 of the PAE, and a Sigstore bundle v0.3. It checks nothing that the services return: it is a second client
// for interoperability tests, and it can produce bundles that a careful signer would refuse to write.
//
//   node sign-keyless.mjs --signing-config signing_config.json --identity-token @TOKEN_FILE DECLARATION.json > run.json
import { readFileSync } from 'node:fs';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { statementFor } from './sign.mjs';

function parseArgs(argv) {
  const a = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--signing-config') a.config = argv[++i];
    else if (argv[i] === '--identity-token') a.token = argv[++i];
    else a.file = argv[i];
  }
  if (!a.config || !a.token || !a.file) {
    console.error('usage: node sign-keyless.mjs --signing-config FILE --identity-token TOKEN|@FILE DECLARATION.json');
    process.exit(2);
  }
  if (a.token.startsWith('@')) a.token = readFileSync(a.token.slice(1), 'utf8').trim();
  return a;
}

async function post(url, body) {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${await r.text()}`);
  return r.json();
}

const hexToB64 = (h) => Buffer.from(h, 'hex').toString('base64');

export async function signKeyless(declarationText, config, token) {
  const fulcio = config.caUrls[0].url;
  const rekor = config.rekorTlogUrls[0].url;
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const sub = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub;
  const cert = await post(`${fulcio}/api/v2/signingCert`, {
    credentials: { oidcIdentityToken: token },
    publicKeyRequest: {
      publicKey: { algorithm: 'ECDSA', content: publicKey.export({ type: 'spki', format: 'pem' }) },
      proofOfPossession: sign('sha256', Buffer.from(sub), privateKey).toString('base64'),
    },
  });
  const leafPem = cert.signedCertificateEmbeddedSct.chain.certificates[0];
  const leafDer = Buffer.from(leafPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, ''), 'base64');

  const payload = Buffer.from(JSON.stringify(statementFor(declarationText)), 'utf8');
  const type = 'application/vnd.in-toto+json';
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${payload.length} `), payload]);
  const sig = sign('sha256', pae, privateKey);

  const logged = await post(`${rekor}/api/v1/log/entries`, {
    apiVersion: '0.0.1',
    kind: 'hashedrekord',
    spec: {
      data: { hash: { algorithm: 'sha256', value: createHash('sha256').update(pae).digest('hex') } },
      signature: { content: sig.toString('base64'), publicKey: { content: Buffer.from(leafPem).toString('base64') } },
    },
  });
  const e = Object.values(logged)[0];
  const p = e.verification.inclusionProof;
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: {
      certificate: { rawBytes: leafDer.toString('base64') },
      tlogEntries: [{
        logIndex: String(e.logIndex),
        logId: { keyId: hexToB64(e.logID) },
        kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
        integratedTime: String(e.integratedTime),
        inclusionPromise: { signedEntryTimestamp: e.verification.signedEntryTimestamp },
        inclusionProof: {
          logIndex: String(p.logIndex), rootHash: hexToB64(p.rootHash), treeSize: String(p.treeSize),
          hashes: p.hashes.map(hexToB64), checkpoint: { envelope: p.checkpoint },
        },
        canonicalizedBody: e.body,
      }],
    },
    dsseEnvelope: { payload: payload.toString('base64'), payloadType: type, signatures: [{ sig: sig.toString('base64'), keyid: '' }] },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const a = parseArgs(process.argv.slice(2));
  const config = JSON.parse(readFileSync(a.config, 'utf8'));
  signKeyless(readFileSync(a.file, 'utf8'), config, a.token)
    .then((b) => console.log(JSON.stringify(b)))
    .catch((e) => { console.error(e.message); process.exit(1); });
}
