// Trust material of a private Sigstore instance, in the Sigstore protobuf JSON forms: its trusted root and its
// signing config. Shared by sigstore-mock-server.mjs and interop-bundles.mjs.
import { createHash, generateKeyPairSync } from 'node:crypto';

export const keyPair = (curve) => generateKeyPairSync('ec', { namedCurve: curve });
const spki = (publicKey) => publicKey.export({ format: 'der', type: 'spki' });
const b64 = (buf) => Buffer.from(buf).toString('base64');

function logEntry(url, publicKey, since) {
  const der = spki(publicKey);
  return {
    baseUrl: url,
    hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: b64(der), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start: since } },
    logId: { keyId: b64(createHash('sha256').update(der).digest()) },
  };
}

function ca(url, rootDer, since) {
  return {
    subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
    uri: url,
    certChain: { certificates: [{ rawBytes: b64(rootDer) }] },
    validFor: { start: since },
  };
}

/** A trusted root (v0.1) with the given CA roots (DER), one transparency log and one CT log, valid from `since`. */
export function trustedRoot(url, caRoots, tlogKey, ctKey, since) {
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [logEntry(url, tlogKey, since)],
    certificateAuthorities: caRoots.map((der) => ca(url, der, since)),
    ctlogs: [logEntry(url, ctKey, since)],
    timestampAuthorities: [],
  };
}

/** A signing config (v0.2) naming one Fulcio and one Rekor v1. */
export function signingConfig(fulcioUrl, rekorUrl, since) {
  const service = (u) => ({ url: u, majorApiVersion: 1, validFor: { start: since }, operator: 'sigstore.mock' });
  return {
    mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
    caUrls: [service(fulcioUrl)],
    oidcUrls: [],
    rekorTlogUrls: [service(rekorUrl)],
    tsaUrls: [],
    rekorTlogConfig: { selector: 'ANY' },
    tsaConfig: { selector: 'ANY' },
  };
}
