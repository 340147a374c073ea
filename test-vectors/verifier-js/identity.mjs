// Run identity v1 (spec/ai-run-declaration.md §5–7), written independently of the Java implementation:
// JSON.parse for the structure, the `canonicalize` package for RFC 8785, node:crypto for SHA-256.
// Strict parsing (duplicate keys, lone surrogates, big integers) is the Java side's job; vectors
// carry the invalid cases with their expected error codes.
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

export const PREFIX = 'airid:v1:sha256:';

export function sha256Hex(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Replaces the string `content` of every object, at any depth, by {"contentDigest": {"sha256": hex}}. */
export function identityForm(value) {
  if (Array.isArray(value)) {
    return value.map(identityForm);
  }
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'content' && typeof v === 'string') {
        define(out, 'contentDigest', { sha256: sha256Hex(Buffer.from(v, 'utf8')) });
      } else {
        define(out, k, identityForm(v));
      }
    }
    return out;
  }
  return value;
}

export function canonicalBytes(declarationText) {
  return Buffer.from(canonicalize(identityForm(JSON.parse(declarationText))), 'utf8');
}

export function identityOf(declarationText) {
  return PREFIX + sha256Hex(canonicalBytes(declarationText));
}

// A plain assignment would treat a member named "__proto__" as the prototype, not as data.
function define(object, key, value) {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
