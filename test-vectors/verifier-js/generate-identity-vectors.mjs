// Regenerates ../identity/*.json from the cases below. Expected values of valid cases are computed here, by this
// independent implementation (canonicalize + node:crypto), never by the Java code they test.
// Usage: node generate-identity-vectors.mjs   (then review the diff: vectors are a contract)
import { writeFileSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { canonicalBytes, identityForm, PREFIX, sha256Hex } from './identity.mjs';

const T = '"_type":"https://airid.dev/ai-run-declaration/v1"';
const M = '"model":{"name":"m"}';
const min = (extra = '') => `{${T},${M}${extra}}`;
const P1 = 'airid:v1:sha256:' + '0'.repeat(64);
const P2 = 'airid:v1:sha256:' + 'ab'.repeat(32);

const FULL = String.raw`{
  "_type": "https://airid.dev/ai-run-declaration/v1",
  "model": {
    "name": "gpt-4o",
    "provider": "openai",
    "version": "2024-08-06",
    "digest": {"sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}
  },
  "parameters": {"temperature": 0.2, "top_p": 1, "max_tokens": 1024, "seed": "18446744073709551615", "stop_sequences": ["\n\n"]},
  "instructions": [{"role": "system", "content": "You are a careful code reviewer. Answer in English."}],
  "inputs": [{"role": "user", "content": "Review the attached diff for security issues."}],
  "context": [
    {"source": "https://git.example.com/repo/commit/3f2a", "content": "diff --git a/app.py b/app.py\n+eval(request.args['q'])\n"},
    {"source": "memory://session/42", "content": "The user prefers short answers."}
  ],
  "tools": [{"name": "search_docs", "description": "Full-text search over the docs", "inputSchema": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}}],
  "parents": ["${P1}"],
  "runtime": {"name": "langchain4j", "version": "1.0.0"},
  "extensions": {"com.example.ticket": {"id": "SEC-1234"}, "https://example.org/ext/cost-center": "ml-platform"}
}`;

// Redacts the content of the items listed by pointer prefix, as a producer would (same identity by construction).
function redacted(text, prefixes) {
  const walk = (v, path) => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}/${i}`));
    if (v !== null && typeof v === 'object') {
      const out = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === 'content' && typeof x === 'string' && prefixes.some((p) => path === p || path.startsWith(p + '/'))) {
          out.contentDigest = identityForm({ content: x }).contentDigest;
        } else {
          out[k] = walk(x, `${path}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`);
        }
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(walk(JSON.parse(text), ''), null, 2);
}

const deep = (n) => '{"x":'.repeat(n) + '1' + '}'.repeat(n);

const valid = [
  ['minimal', 'The smallest valid declaration: _type and model.name.', min()],
  ['minimal-whitespace', 'Insignificant whitespace (space, tab, CR, LF) never changes the identity; equals minimal.',
    `\r\n\t{ "_type" :\t"https://airid.dev/ai-run-declaration/v1" ,\r\n "model" : { "name" : "m" } }\n\n`],
  ['minimal-reordered', 'Member order never changes the identity; equals minimal.', `{"model":{"name":"m"},${T}}`],
  ['full', 'A realistic declaration using every top-level member.', FULL],
  ['full-redacted-all', 'full with every content block redacted; same identity as full.', redacted(FULL, [''])],
  ['full-redacted-instructions', 'full with only /instructions redacted; same identity as full.', redacted(FULL, ['/instructions'])],
  ['full-redacted-context-1', 'full with only /context/1 redacted; same identity as full.', redacted(FULL, ['/context/1'])],
  ['model-fields', 'All model members, including a digest set with two algorithms.',
    `{${T},"model":{"name":"llama-3.1-70b","provider":"meta","version":"3.1","uri":"hf://meta-llama/Llama-3.1-70B","digest":{"sha256":"${'a'.repeat(64)}","sha512":"${'b'.repeat(128)}"}}}`],
  ['empty-collections', 'Empty objects and arrays are kept, and differ from absent members.',
    min(',"parameters":{},"instructions":[],"inputs":[],"context":[],"tools":[],"parents":[],"runtime":{},"extensions":{}')],
  ['literals', 'true, false and null.', min(',"parameters":{"stream":false,"logprobs":true,"user":null}')],
  ['numbers-integers', 'Integers, including ±(2^53−1), the largest accepted integer literals.',
    min(',"parameters":{"a":0,"b":1,"c":-1,"d":9007199254740991,"e":-9007199254740991,"f":1024}')],
  ['numbers-negative-zero', '-0 and -0.0 serialise as 0.', min(',"parameters":{"a":-0,"b":-0.0,"c":0.0,"d":0e10}')],
  ['numbers-fractions', 'Fractions print in shortest round-trip form.',
    min(',"parameters":{"a":0.1,"b":0.2,"c":0.30000000000000004,"d":1.5,"e":-2.5,"f":333333333.3333333,"g":4.35,"h":0.7}')],
  ['numbers-trailing-zeros', 'Trailing zeros and redundant exponents disappear: 1.0 → 1, 100.0e-2 → 1, 1E+2 → 100.',
    min(',"parameters":{"a":1.0,"b":100.0e-2,"c":1E+2,"d":1.50,"e":10e0,"f":0.10e1}')],
  ['numbers-exponent-boundaries', 'ECMAScript switches to exponent form at 1e21 and below 1e-6.',
    min(',"parameters":{"a":1e20,"b":1e21,"c":123e19,"d":1e-6,"e":1e-7,"f":0.000001234,"g":0.0000001234,"h":9.999999999999999e20}')],
  ['numbers-extremes', 'Largest double, smallest normal and smallest subnormal double.',
    min(',"parameters":{"max":1.7976931348623157e308,"minNormal":2.2250738585072014e-308,"minSub":5e-324,"negMax":-1.7976931348623157e308}')],
  ['numbers-rounding', 'Literals with more digits than a double holds round to nearest; the canonical form is the shortest that round-trips.',
    min(',"parameters":{"a":0.1000000000000000055511151231257827,"b":1.00000000000000011102230246251565,"c":2.718281828459045235360287}')],
  ['numbers-fraction-beyond-2-53', 'A literal with a fraction part is not an integer literal: 9007199254740993.0 is accepted and rounds to 9007199254740992.',
    min(',"parameters":{"a":9007199254740993.0,"b":1.8446744073709552e19}')],
  ['numbers-es6-samples', 'Samples from the ECMAScript number formatting test data.',
    min(',"parameters":{"a":4.940656458412465e-324,"b":1.2345678901234567e-7,"c":123456789012345680000,"d":5e-7,"e":2e-7,"f":295147905179352830000}').replace('123456789012345680000', '1.2345678901234568e20').replace('295147905179352830000', '2.9514790517935283e20')],
  ['strings-escapes', 'Escapes: \\/ becomes /, \\u00e9 becomes é, named escapes are kept, other controls are \\u00XX in lowercase.',
    min(String.raw`,"parameters":{"a":"\/\\\"","b":"\u00e9\u00E9","c":"\b\f\n\r\t","d":"\u0000\u0001\u001f\u001F","e":"\u007f\u0080\u2028\u2029","f":"\u0041\u0062"}`)],
  ['strings-raw-unicode', 'Raw UTF-8 of 2, 3 and 4 bytes is copied as is.', min(',"parameters":{"a":"é€😀","b":"日本語","c":"\u{10FFFF}"}')],
  ['strings-surrogate-pair-escape', 'An escaped surrogate pair is one code point, written as raw UTF-8.',
    min(String.raw`,"parameters":{"a":"\ud83d\ude00","b":"\uD834\uDD1E"}`)],
  ['strings-empty', 'Empty strings and empty member names.', min(',"parameters":{"":"","x":""}')],
  ['keys-utf16-order', 'Member names sort by UTF-16 code units (RFC 8785 §3.2.3): U+1F600 (D83D DE00) sorts before U+FB33.',
    min(String.raw`,"parameters":{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}`)],
  ['keys-case-and-prefix', 'Uppercase sorts before lowercase; a prefix sorts before its extensions.',
    min(',"parameters":{"b":1,"B":2,"a":3,"aa":4,"A":5,"a0":6,"_":7}')],
  ['keys-proto', 'A member named __proto__ is ordinary data.', min(',"parameters":{"__proto__":{"content":"x"},"constructor":1}')],
  ['content-block-instruction', 'A string content is replaced by its SHA-256 in the identity form.',
    min(',"instructions":[{"role":"system","content":"You are terse."}]')],
  ['content-block-instruction-redacted', 'content-block-instruction with the block redacted; same identity.',
    min(`,"instructions":[{"role":"system","contentDigest":{"sha256":"${sha256Hex(Buffer.from('You are terse.'))}"}}]`)],
  ['content-escaped', 'Content is hashed over the UTF-8 of its decoded value, not over its escaped spelling.',
    min(String.raw`,"inputs":[{"role":"user","content":"caf\u00e9 \ud83d\ude00 \"q\"\n"}]`)],
  ['content-escaped-raw', 'content-escaped written with raw UTF-8; same identity.',
    min(',"inputs":[{"role":"user","content":"café 😀 \\"q\\"\\n"}]')],
  ['content-escape-then-long-run', 'An escape followed by a long plain run: content is hashed in order (a regression vector).',
    min(String.raw`,"inputs":[{"role":"user","content":"\n` + 'a'.repeat(100) + String.raw`"},{"role":"user","content":"` + 'b'.repeat(100) + String.raw`\n"}]`)],
  ['content-empty', 'An empty content string is a block (SHA-256 of zero bytes).', min(',"inputs":[{"role":"user","content":""}]')],
  ['content-non-string', 'Objects whose content is not a string are not blocks; blocks inside them are.',
    min(',"inputs":[{"role":"user","content":[{"type":"text","content":"part one"},{"type":"image","uri":"https://example.com/a.png"}]},{"role":"user","content":null},{"role":"user","content":42}]')],
  ['content-any-depth', 'Blocks are found at any depth: in parameters, tools and extensions too.',
    min(',"parameters":{"prefill":{"content":"Sure,"}},"tools":[{"name":"t","examples":[{"content":"e"}]}],"extensions":{"com.example.notes":{"content":"n"}}')],
  ['content-block-other-members', 'The other members of a block stay, and blocks among them are processed too.',
    min(',"instructions":[{"role":"system","content":"outer","attachments":[{"name":"a.txt","content":"inner"}]}]')],
  ['content-member-order', 'Members whose names sort between "content" and "contentDigest" (or after it): the identity form is sorted with contentDigest in the place of content.',
    min(',"inputs":[{"role":"user","contentE":1,"contentA":"not a block","content":"text","content-type":"text/plain","contentC":{"content":"inner"}}]')],
  ['content-mixed-redaction', 'Some blocks redacted, some not.',
    min(`,"inputs":[{"role":"user","content":"one"},{"role":"user","contentDigest":{"sha256":"${sha256Hex(Buffer.from('two'))}"}}]`)],
  ['content-mixed-redaction-none', 'content-mixed-redaction with no block redacted; same identity.',
    min(',"inputs":[{"role":"user","content":"one"},{"role":"user","content":"two"}]')],
  ['context-sources', 'Context items carry their source.',
    min(',"context":[{"source":"https://example.com/kb/1","content":"Paris is the capital of France.","retrievedAt":"2026-01-01T00:00:00Z","score":0.87}]')],
  ['tools-schemas', 'Tool definitions with a JSON Schema object, a boolean schema, and none.',
    min(',"tools":[{"name":"a","inputSchema":{"type":"object","properties":{"content":{"type":"string"}}}},{"name":"b","inputSchema":true},{"name":"c"}]')],
  ['parents-two', 'Two parent runs; order is significant.', min(`,"parents":["${P1}","${P2}"]`)],
  ['parents-two-swapped', 'parents-two with the parents swapped: a different run.', min(`,"parents":["${P2}","${P1}"]`)],
  ['extensions-names', 'Extension names: reverse-DNS and absolute URIs.',
    min(',"extensions":{"com.example":1,"dev.airid.trace":{"span":"a1"},"urn:example:x":true,"https://example.org/e?v=1#f":[]}')],
  ['nesting-128', '128 levels of nesting inside extensions are accepted (limit: 256).',
    min(`,"extensions":{"com.example.deep":${deep(126)}}`)],
  ['runtime', 'The runtime that assembles the run.', min(',"runtime":{"name":"spring-ai","version":"1.0.0","language":"java"}')],
  ['unicode-model-name', 'Non-ASCII text in ordinary strings is kept verbatim.', `{${T},"model":{"name":"modèle-😀"}}`],
];

const invalid = [
  ['empty-input', 'Empty input is not JSON.', '', 'JSON_SYNTAX'],
  ['bom', 'A UTF-8 byte order mark is rejected.', '\ufeff' + min(), 'JSON_BOM'],
  ['invalid-utf8', 'Bytes that are not UTF-8 (0xC3 0x28) in a string.', Buffer.concat([Buffer.from(min().slice(0, -2) + ',"version":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]), 'JSON_INVALID_UTF8'],
  ['utf8-overlong', 'Overlong UTF-8 (0xC0 0xAF for "/") is rejected.', Buffer.concat([Buffer.from(min().slice(0, -2) + ',"version":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}}')]), 'JSON_INVALID_UTF8'],
  ['utf8-encoded-surrogate', 'A surrogate encoded directly in UTF-8 (0xED 0xA0 0x80) is rejected.', Buffer.concat([Buffer.from(min().slice(0, -2) + ',"version":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}}')]), 'JSON_INVALID_UTF8'],
  ['utf8-latin1', 'Latin-1 text (0xE9 alone) is not UTF-8.', Buffer.concat([Buffer.from(min().slice(0, -2) + ',"version":"caf'), Buffer.from([0xe9]), Buffer.from('"}}')]), 'JSON_INVALID_UTF8'],
  ['lone-high-surrogate', 'An escaped high surrogate without its low half.', min(String.raw`,"parameters":{"a":"\ud83d"}`), 'JSON_LONE_SURROGATE'],
  ['lone-low-surrogate', 'An escaped low surrogate alone.', min(String.raw`,"parameters":{"a":"x\ude00y"}`), 'JSON_LONE_SURROGATE'],
  ['reversed-surrogates', 'Low then high surrogate is two lone surrogates.', min(String.raw`,"parameters":{"a":"\ude00\ud83d"}`), 'JSON_LONE_SURROGATE'],
  ['lone-surrogate-in-key', 'A lone surrogate in a member name.', min(String.raw`,"parameters":{"\ud800":1}`), 'JSON_LONE_SURROGATE'],
  ['duplicate-key-top', 'Duplicate top-level member.', `{${T},${M},${M}}`, 'JSON_DUPLICATE_KEY'],
  ['duplicate-key-nested', 'Duplicate member at depth.', min(',"parameters":{"t":0.1,"t":0.9}'), 'JSON_DUPLICATE_KEY'],
  ['duplicate-key-escaped', 'Names that differ only in spelling ("a" and "\\u0061") are duplicates.', min(String.raw`,"parameters":{"a":1,"\u0061":2}`), 'JSON_DUPLICATE_KEY'],
  ['integer-too-large', '2^53 as an integer literal is rejected, not rounded.', min(',"parameters":{"seed":9007199254740992}'), 'JSON_INTEGER_OUT_OF_RANGE'],
  ['integer-too-small', '-(2^53) as an integer literal is rejected.', min(',"parameters":{"seed":-9007199254740992}'), 'JSON_INTEGER_OUT_OF_RANGE'],
  ['integer-uint64-seed', 'A 64-bit seed must be written as a string.', min(',"parameters":{"seed":18446744073709551615}'), 'JSON_INTEGER_OUT_OF_RANGE'],
  ['number-overflow', '1e400 overflows a double.', min(',"parameters":{"a":1e400}'), 'JSON_NUMBER_OUT_OF_RANGE'],
  ['number-negative-overflow', '-1e400 overflows a double.', min(',"parameters":{"a":-1e400}'), 'JSON_NUMBER_OUT_OF_RANGE'],
  ['number-underflow', 'A non-zero literal that underflows to zero (1e-400) is rejected.', min(',"parameters":{"a":1e-400}'), 'JSON_NUMBER_OUT_OF_RANGE'],
  ['number-nan', 'NaN is not JSON.', min(',"parameters":{"a":NaN}'), 'JSON_SYNTAX'],
  ['number-infinity', 'Infinity is not JSON.', min(',"parameters":{"a":Infinity}'), 'JSON_SYNTAX'],
  ['number-leading-zero', 'Leading zeros are not JSON.', min(',"parameters":{"a":01}'), 'JSON_SYNTAX'],
  ['number-plus-sign', 'A leading + is not JSON.', min(',"parameters":{"a":+1}'), 'JSON_SYNTAX'],
  ['number-bare-dot', '1. and .5 are not JSON.', min(',"parameters":{"a":1.}'), 'JSON_SYNTAX'],
  ['trailing-comma', 'A trailing comma is not JSON.', min(',"parameters":{"a":1,}'), 'JSON_SYNTAX'],
  ['single-quotes', 'Single-quoted strings are not JSON.', `{${T},'model':{"name":"m"}}`, 'JSON_SYNTAX'],
  ['comment', 'Comments are not JSON.', `{${T}, /* c */ ${M}}`, 'JSON_SYNTAX'],
  ['raw-control-char', 'A raw line feed inside a string must be escaped.', min(',"parameters":{"a":"x\ny"}'), 'JSON_SYNTAX'],
  ['bad-escape', '\\x is not a JSON escape.', min(String.raw`,"parameters":{"a":"\x41"}`), 'JSON_SYNTAX'],
  ['trailing-data', 'Anything after the value is rejected.', min() + ' {}', 'JSON_TRAILING_DATA'],
  ['too-deep', 'Nesting beyond the default maximum of 256 levels.', min(`,"extensions":{"com.example.deep":${deep(300)}}`), 'JSON_TOO_DEEP'],
  ['not-object', 'A declaration is an object.', `[${min()}]`, 'DECL_NOT_OBJECT'],
  ['type-missing', '_type is required.', `{${M}}`, 'DECL_TYPE'],
  ['type-wrong', '_type must be the v1 URI exactly.', `{"_type":"https://airid.dev/ai-run-declaration/v2",${M}}`, 'DECL_TYPE'],
  ['unknown-member', 'Unknown top-level members are rejected; extension data goes under extensions.', min(',"outputs":[]'), 'DECL_UNKNOWN_MEMBER'],
  ['model-missing', 'model is required.', `{${T}}`, 'DECL_INVALID_MODEL'],
  ['model-name-empty', 'model.name must be non-empty.', `{${T},"model":{"name":""}}`, 'DECL_INVALID_MODEL'],
  ['model-name-number', 'model.name must be a string.', `{${T},"model":{"name":4}}`, 'DECL_INVALID_MODEL'],
  ['model-digest-uppercase', 'Model digests are lowercase hex.', `{${T},"model":{"name":"m","digest":{"sha256":"${'A'.repeat(64)}"}}}`, 'DECL_INVALID_MODEL'],
  ['instructions-not-array', 'instructions is an array.', min(',"instructions":{"role":"system","content":"x"}'), 'DECL_INVALID_MEMBER'],
  ['context-without-source', 'Each context item names its source.', min(',"context":[{"content":"x"}]'), 'DECL_INVALID_MEMBER'],
  ['parent-uppercase', 'Parent identities are lowercase.', min(`,"parents":["${P2.toUpperCase().replace('AIRID:V1:SHA256:', 'airid:v1:sha256:')}"]`), 'DECL_INVALID_PARENT'],
  ['parent-wrong-prefix', 'Parent identities start with airid:v1:sha256:.', min(`,"parents":["sha256:${'0'.repeat(64)}"]`), 'DECL_INVALID_PARENT'],
  ['parent-duplicate', 'A parent is listed once.', min(`,"parents":["${P1}","${P1}"]`), 'DECL_INVALID_PARENT'],
  ['extension-name-single-label', 'An extension name needs a dot (reverse-DNS) or a URI scheme.', min(',"extensions":{"foo":1}'), 'DECL_INVALID_EXTENSION_NAME'],
  ['content-and-digest', 'A block cannot carry both content and contentDigest.', min(`,"inputs":[{"role":"user","content":"x","contentDigest":{"sha256":"${'0'.repeat(64)}"}}]`), 'DECL_CONTENT_CONFLICT'],
  ['content-digest-uppercase', 'contentDigest.sha256 is 64 lowercase hex digits.', min(`,"inputs":[{"role":"user","contentDigest":{"sha256":"${'A'.repeat(64)}"}}]`), 'DECL_INVALID_CONTENT_DIGEST'],
  ['content-digest-extra-member', 'contentDigest holds exactly sha256.', min(`,"inputs":[{"role":"user","contentDigest":{"sha256":"${'0'.repeat(64)}","sha512":"00"}}]`), 'DECL_INVALID_CONTENT_DIGEST'],
  ['content-nonstring-and-digest', 'An object cannot carry content of any type together with contentDigest.', min(`,"inputs":[{"role":"user","content":["part"],"contentDigest":{"sha256":"${'0'.repeat(64)}"}}]`), 'DECL_CONTENT_CONFLICT'],
  ['extension-name-non-ascii-uri', 'URI extension names are ASCII (RFC 3986).', min(',"extensions":{"urn:example:café":1}'), 'DECL_INVALID_EXTENSION_NAME'],
  ['content-digest-short', 'A truncated digest is rejected.', min(`,"inputs":[{"role":"user","contentDigest":{"sha256":"abc"}}]`), 'DECL_INVALID_CONTENT_DIGEST'],
];

const dir = new URL('../identity/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) if (f.endsWith('.json')) unlinkSync(new URL(f, dir));
const names = new Set();
const write = (name, obj) => {
  if (names.has(name)) throw new Error('duplicate vector name ' + name);
  names.add(name);
  writeFileSync(new URL(name + '.json', dir), JSON.stringify(obj, null, 2) + '\n');
};
const input = (text) => {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const roundTrips = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    const s = roundTrips.decode(bytes);
    if (Buffer.from(s, 'utf8').equals(bytes)) return { declaration: s };
  } catch { /* not UTF-8: fall through */ }
  return { declaration_base64: bytes.toString('base64') };
};
for (const [name, description, text] of valid) {
  const canonical = canonicalBytes(text);
  write(name, { name, description, ...input(text), canonical_hex: canonical.toString('hex'), identity: PREFIX + sha256Hex(canonical) });
}
for (const [name, description, text, error] of invalid) {
  write(name, { name, description, ...input(text), error });
}
console.log(`wrote ${valid.length} valid and ${invalid.length} invalid identity vectors`);
