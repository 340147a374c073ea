// A Rekor v1 transparency log kept in memory, for interop tests: unlike @sigstore/mock's log (which answers every
// entry as the only leaf of a tree of size 1, under a random index), it keeps every entry as a leaf of one RFC 6962
// Merkle tree, so its inclusion proofs have real audit paths, and a fresh log's first entry has index 0.
//
// It stores entries as Rekor v1 does (a canonicalized body: RFC 8785 JSON of the kind's canonical form), and answers
// POST /api/v1/log/entries with Rekor's response shape: body, integratedTime, logID, logIndex, and a verification
// with the signed entry timestamp and an inclusion proof whose checkpoint is a signed note.
import { createHash, sign } from 'node:crypto';
import canonicalize from 'canonicalize';

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

export const leafHash = (body) => sha256(Buffer.from([0]), body);
const nodeHash = (left, right) => sha256(Buffer.from([1]), left, right);

// The largest power of two smaller than n (n > 1), RFC 9162 §2.1.1.
function split(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// MTH(D[n]), RFC 9162 §2.1.1.
function treeHash(leaves) {
  if (leaves.length === 1) return leaves[0];
  const k = split(leaves.length);
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

// PATH(m, D[n]), RFC 9162 §2.1.3.1: the audit path from leaf m, nearest sibling first.
function auditPath(m, leaves) {
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...auditPath(m, leaves.slice(0, k)), treeHash(leaves.slice(k))]
    : [...auditPath(m - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
}

const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s) => Buffer.from(s, 'base64').toString('utf8');

/**
 * The body Rekor v1 would store for a proposed entry. hashedrekord is stored as proposed; a dsse entry's proposed
 * content becomes its hashes and signatures; an intoto entry keeps its envelope without the payload.
 * rewrapPem, if given, rewrites each PEM the entry names (as a log could, meaning the same DER).
 */
export function canonicalEntry(proposed, rewrapPem = (pem) => pem) {
  const e = structuredClone(proposed);
  if (e.kind === 'hashedrekord') {
    e.spec.signature.publicKey.content = b64(rewrapPem(unb64(e.spec.signature.publicKey.content)));
    return e;
  }
  if (e.kind === 'dsse') {
    const envelopeText = e.spec.proposedContent.envelope;
    const envelope = JSON.parse(envelopeText);
    const verifier = b64(rewrapPem(unb64(e.spec.proposedContent.verifiers[0])));
    return {
      apiVersion: e.apiVersion,
      kind: 'dsse',
      spec: {
        envelopeHash: { algorithm: 'sha256', value: sha256(Buffer.from(envelopeText, 'utf8')).toString('hex') },
        payloadHash: { algorithm: 'sha256', value: sha256(Buffer.from(envelope.payload, 'base64')).toString('hex') },
        signatures: envelope.signatures.map((s) => ({ signature: s.sig, verifier })),
      },
    };
  }
  if (e.kind === 'intoto') {
    // Rekor computes the envelope hash itself, over the envelope with each verifier as PEM text; a log that stores
    // another PEM form hashes that form.
    const env = e.spec.content.envelope;
    for (const s of env.signatures) s.publicKey = b64(rewrapPem(unb64(s.publicKey)));
    const hashed = {
      payloadType: env.payloadType,
      payload: unb64(env.payload),
      signatures: env.signatures.map((s) => ({ ...(s.keyid ? { keyid: s.keyid } : {}), sig: unb64(s.sig), publicKey: unb64(s.publicKey) })),
    };
    e.spec.content.hash = { algorithm: 'sha256', value: sha256(Buffer.from(canonicalize(hashed), 'utf8')).toString('hex') };
    delete env.payload;
    return e;
  }
  throw new Error(`unsupported entry kind ${e.kind}`);
}

export class MerkleLog {
  /** @param origin the checkpoint origin's host part (the log's base URL host, as clients match it) */
  constructor(origin, keyPair) {
    this.origin = origin;
    this.privateKey = keyPair.privateKey;
    this.logID = sha256(keyPair.publicKey.export({ format: 'der', type: 'spki' }));
    this.treeID = 1_000_000 + Math.floor(Math.random() * 1_000_000);
    this.leaves = [];
  }

  get size() {
    return this.leaves.length;
  }

  /** Appends a proposed entry; returns Rekor v1's response body for it. */
  append(proposed, rewrapPem) {
    const body = Buffer.from(canonicalize(canonicalEntry(proposed, rewrapPem)), 'utf8');
    const logIndex = this.leaves.length;
    this.leaves.push(leafHash(body));
    const integratedTime = Math.floor(Date.now() / 1000);
    const set = sign('sha256', Buffer.from(canonicalize({
      body: body.toString('base64'), integratedTime, logID: this.logID.toString('hex'), logIndex,
    }), 'utf8'), this.privateKey);
    const treeSize = this.leaves.length;
    const rootHash = treeHash(this.leaves);
    const note = `${this.origin} - ${this.treeID}\n${treeSize}\n${rootHash.toString('base64')}\n`
      + `Timestamp: ${BigInt(Date.now()) * 1_000_000n}\n`;
    const noteSig = Buffer.concat([this.logID.subarray(0, 4), sign('sha256', Buffer.from(note, 'utf8'), this.privateKey)]);
    return {
      [createHash('sha256').update(body).digest('hex')]: {
        body: body.toString('base64'),
        integratedTime,
        logID: this.logID.toString('hex'),
        logIndex,
        verification: {
          inclusionProof: {
            logIndex,
            treeSize,
            rootHash: rootHash.toString('hex'),
            hashes: auditPath(logIndex, this.leaves).map((h) => h.toString('hex')),
            checkpoint: `${note}\n\u2014 ${this.origin} ${noteSig.toString('base64')}\n`,
          },
          signedEntryTimestamp: set.toString('base64'),
        },
      },
    };
  }
}
