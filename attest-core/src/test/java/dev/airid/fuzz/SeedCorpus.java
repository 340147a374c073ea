package dev.airid.fuzz;

import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonBoolean;
import dev.airid.json.JsonNumber;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SigningKey;
import dev.airid.sigstore.internal.ProtoJson;
import dev.airid.testing.Paths2;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Makes the checked-in seed corpus ({@code src/test/resources/dev/airid/fuzz/ParsersFuzzTestInputs/<target>/seed-*})
 * from airid's own test keys and vectors: every document shape the parsers read, in the encodings the protobuf JSON
 * mapping allows (both field-name spellings, 64-bit integers as strings and numbers, enum names and numbers, URL-safe
 * Base64), with structurally complete Sigstore evidence (certificates, log entries of each kind, checkpoints) signed
 * with the Ed25519 test key. Nothing is verifiable against a real trust root, and need not be: the seeds are there to
 * reach every branch of the parsers. Deterministic (Ed25519 signatures, fixed "randomness"), so regenerating gives the
 * same files: {@code ./mvnw -B -pl attest-core test -Dtest=SeedCorpus -Dairid.fuzz.writeSeeds=true}.
 */
final class SeedCorpus {

  static final Path CORPUS = Path.of("src/test/resources/dev/airid/fuzz/ParsersFuzzTestInputs");

  private final SigningKey ed;
  private final SigningKey p256;
  private final PrivateKey edPrivate;
  private final PrivateKey p256Private;
  private final byte[] edSpki;
  private final byte[] p256Spki;
  private final byte[] rootCert;
  private final byte[] leafCert;
  private final Map<String, Map<String, byte[]>> seeds = new LinkedHashMap<>();

  SeedCorpus() throws Exception {
    Path keys = Paths2.testVectors().resolve("keys");
    ed = KeyFiles.readPrivate(Files.readAllBytes(keys.resolve("ed25519-test.key")), "ed25519-test.key", null, Optional.empty());
    p256 = KeyFiles.readPrivate(Files.readAllBytes(keys.resolve("ecdsa-p256-test.key")), "ecdsa-p256-test.key", null, Optional.empty());
    edPrivate = pkcs8(keys.resolve("ed25519-test.key"), "Ed25519");
    p256Private = pkcs8(keys.resolve("ecdsa-p256-test.key"), "EC");
    edSpki = ed.verificationKey().key().getEncoded();
    p256Spki = p256.verificationKey().key().getEncoded();
    rootCert = certificate("CN=airid fuzz root,O=airid test", "CN=airid fuzz root,O=airid test", true, null);
    leafCert = certificate("CN=airid fuzz root,O=airid test", "O=airid test", false, "https://airid.dev/fuzz@refs/heads/main");
  }

  /** Every seed, by target and file name. */
  Map<String, Map<String, byte[]>> all() throws Exception {
    bundles();
    logEntries();
    checkpoints();
    trustedRoots();
    signingConfigs();
    policies();
    keyFiles();
    declarations();
    provenance();
    return seeds;
  }

  // --- Sigstore bundles -----------------------------------------------------------------------------------------------

  private static final String V01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";
  private static final String V02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
  private static final String V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
  private static final byte[] ARTIFACT = "hello, fuzzer\n".getBytes(StandardCharsets.UTF_8);

  private void bundles() throws Exception {
    for (Path p : Files.list(Paths2.testVectors().resolve("attestation")).sorted().toList()) {
      JsonObject v = (JsonObject) Json.parse(Files.readAllBytes(p));
      if (v.getOrNull("bundle") instanceof JsonString b) {
        String name = p.getFileName().toString().replace(".json", "");
        JsonValue bundle = Json.parse(b.value());
        put("bundle", name, Json.compact(bundle));
        put("bundle", name + "-proto-names", Json.pretty(protoNames(bundle, false)));
      }
    }
    JsonObject env = dsseEnvelope();
    JsonObject certV3 = o("mediaType", V03,
        "verificationMaterial", o("certificate", o("rawBytes", b64(leafCert)),
            "tlogEntries", a(tlogEntry("dsse", "0.0.1", dsseV1Body(), true, true, true)),
            "timestampVerificationData", o("rfc3161Timestamps", a(o("signedTimestamp", b64(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}))))),
        "dsseEnvelope", env);
    put("bundle", "v03-certificate-dsse", Json.pretty(certV3));
    put("bundle", "v03-certificate-dsse-proto-names-int64-numbers", Json.compact(protoNames(int64AsNumbers(certV3), true)));
    JsonObject chainV1 = o("mediaType", V01,
        "verificationMaterial", o("x509CertificateChain", o("certificates", a(o("rawBytes", b64(leafCert)), o("rawBytes", b64(rootCert)))),
            "tlogEntries", a(tlogEntry("hashedrekord", "0.0.1", hashedRekordV1Body(leafPem()), true, false, false))),
        "messageSignature", o("messageDigest", o("algorithm", "SHA2_256", "digest", b64(sha256(ARTIFACT))),
            "signature", b64(ed.sign(ARTIFACT))));
    put("bundle", "v01-chain-message-signature", Json.pretty(chainV1));
    JsonObject keyV2 = o("mediaType", V02,
        "verificationMaterial", o("publicKey", o("hint", "fuzz-key-hint"),
            "tlogEntries", a(tlogEntry("intoto", "0.0.2", intotoV2Body(), false, true, false))),
        "messageSignature", o("messageDigest", o("algorithm", JsonNumber.of(1), "digest", b64url(sha256(ARTIFACT))),
            "signature", b64url(ed.sign(ARTIFACT))));
    put("bundle", "v02-key-message-signature-enum-number-url-base64", Json.pretty(keyV2));
    JsonObject rekorV2 = o("mediaType", V03,
        "verificationMaterial", o("certificate", o("rawBytes", b64(leafCert)),
            "tlogEntries", a(tlogEntry("dsse", "0.0.2", dsseV2Body(), false, true, true),
                tlogEntry("hashedrekord", "0.0.2", hashedRekordV2Body(), false, true, false))),
        "dsseEnvelope", env);
    put("bundle", "v03-rekor-v2-entries", Json.pretty(rekorV2));
  }

  /** A DSSE envelope over a small in-toto Statement whose subject is {@link #ARTIFACT}, signed with the Ed25519 key. */
  private JsonObject dsseEnvelope() throws Exception {
    String payloadType = "application/vnd.in-toto+json";
    byte[] payload = Json.compact(o("_type", "https://in-toto.io/Statement/v1",
        "subject", a(o("name", "artifact.txt", "digest", o("sha256", hex(sha256(ARTIFACT))))),
        "predicateType", "https://slsa.dev/provenance/v1", "predicate", o("note", "seed for the airid fuzzer — ünïcödé")));
    byte[] pae = pae(payloadType, payload);
    return o("payload", b64(payload), "payloadType", payloadType, "signatures", a(o("sig", b64(ed.sign(pae)), "keyid", "")));
  }

  private JsonObject tlogEntry(String kind, String version, byte[] body, boolean set, boolean proof, boolean stringInts)
      throws Exception {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("logIndex", stringInts ? "123456789012" : JsonNumber.of(42));
    e.put("logId", o("keyId", b64(sha256(edSpki))));
    e.put("kindVersion", o("kind", kind, "version", version));
    e.put("integratedTime", stringInts ? "1764000000" : JsonNumber.of(1764000000L));
    if (set) {
      e.put("inclusionPromise", o("signedEntryTimestamp", b64(ed.sign(body))));
    }
    if (proof) {
      byte[] leaf = sha256(concat(new byte[] {0}, body));
      byte[] sibling = sha256("sibling".getBytes(StandardCharsets.UTF_8));
      byte[] root = sha256(concat(new byte[] {1}, leaf, sibling));
      e.put("inclusionProof", o("logIndex", stringInts ? "0" : JsonNumber.of(0), "rootHash", b64(root),
          "treeSize", stringInts ? "2" : JsonNumber.of(2), "hashes", a(b64(sibling)),
          "checkpoint", o("envelope", checkpoint("fuzz.airid.dev - 1", 2, root, List.of("fuzz.airid.dev"), ""))));
    }
    e.put("canonicalizedBody", b64(body));
    return obj(e);
  }

  // --- log entry bodies ---------------------------------------------------------------------------------------------

  private void logEntries() throws Exception {
    put("logEntry", "hashedrekord-0.0.1-key", hashedRekordV1Body(pem("PUBLIC KEY", edSpki)));
    put("logEntry", "hashedrekord-0.0.1-certificate", hashedRekordV1Body(leafPem()));
    put("logEntry", "dsse-0.0.1", dsseV1Body());
    put("logEntry", "intoto-0.0.2", intotoV2Body());
    put("logEntry", "hashedrekord-0.0.2", hashedRekordV2Body());
    put("logEntry", "dsse-0.0.2", dsseV2Body());
    put("logEntry", "dsse-0.0.2-proto-names", Json.compact(protoNames(Json.parse(dsseV2Body()), false)));
  }

  private byte[] leafPem() {
    return pem("CERTIFICATE", leafCert);
  }

  private byte[] hashedRekordV1Body(byte[] signerPem) throws Exception {
    return Json.canonicalize(o("apiVersion", "0.0.1", "kind", "hashedrekord", "spec", o(
        "data", o("hash", o("algorithm", "sha256", "value", hex(sha256(ARTIFACT)))),
        "signature", o("content", b64(ed.sign(ARTIFACT)), "publicKey", o("content", b64(signerPem))))));
  }

  private byte[] dsseV1Body() throws Exception {
    JsonObject env = dsseEnvelope();
    byte[] payload = Base64.getDecoder().decode(((JsonString) env.getOrNull("payload")).value());
    String sig = ((JsonString) ((JsonObject) ((JsonArray) env.getOrNull("signatures")).get(0)).getOrNull("sig")).value();
    return Json.canonicalize(o("apiVersion", "0.0.1", "kind", "dsse", "spec", o(
        "envelopeHash", o("algorithm", "sha256", "value", hex(sha256(Json.compact(env)))),
        "payloadHash", o("algorithm", "sha256", "value", hex(sha256(payload))),
        "signatures", a(o("signature", sig, "verifier", b64(leafPem()))))));
  }

  private byte[] intotoV2Body() throws Exception {
    JsonObject env = dsseEnvelope();
    byte[] payload = Base64.getDecoder().decode(((JsonString) env.getOrNull("payload")).value());
    String sig = ((JsonString) ((JsonObject) ((JsonArray) env.getOrNull("signatures")).get(0)).getOrNull("sig")).value();
    return Json.canonicalize(o("apiVersion", "0.0.2", "kind", "intoto", "spec", o("content", o(
        "envelope", o("payloadType", "application/vnd.in-toto+json",
            "signatures", a(o("sig", b64(sig.getBytes(StandardCharsets.US_ASCII)), "publicKey", b64(pem("PUBLIC KEY", edSpki))))),
        "hash", o("algorithm", "sha256", "value", hex(sha256(Json.compact(env)))),
        "payloadHash", o("algorithm", "sha256", "value", hex(sha256(payload)))))));
  }

  private byte[] hashedRekordV2Body() throws Exception {
    return Json.compact(o("apiVersion", "0.0.2", "kind", "hashedrekord", "spec", o("hashedRekordV002", o(
        "data", o("algorithm", "SHA2_256", "digest", b64(sha256(ARTIFACT))),
        "signature", o("content", b64(ed.sign(ARTIFACT)), "verifier", o("publicKey", o("rawBytes", b64(edSpki)),
            "keyDetails", "PKIX_ED25519"))))));
  }

  private byte[] dsseV2Body() throws Exception {
    JsonObject env = dsseEnvelope();
    byte[] payload = Base64.getDecoder().decode(((JsonString) env.getOrNull("payload")).value());
    String sig = ((JsonString) ((JsonObject) ((JsonArray) env.getOrNull("signatures")).get(0)).getOrNull("sig")).value();
    return Json.compact(o("apiVersion", "0.0.2", "kind", "dsse", "spec", o("dsseV002", o(
        "payloadHash", o("algorithm", JsonNumber.of(1), "digest", b64(sha256(payload))),
        "signatures", a(o("content", sig, "verifier", o("x509Certificate", o("rawBytes", b64(leafCert)),
            "keyDetails", JsonNumber.of(7))))))));
  }

  // --- checkpoints --------------------------------------------------------------------------------------------------

  private void checkpoints() throws Exception {
    byte[] root = sha256("root".getBytes(StandardCharsets.UTF_8));
    put("checkpoint", "one-signature", utf8(checkpoint("fuzz.airid.dev - 1", 7, root, List.of("fuzz.airid.dev"), "")));
    put("checkpoint", "cosigned-with-extension",
        utf8(checkpoint("fuzz.airid.dev - 1", 123456789, root, List.of("fuzz.airid.dev", "witness.example"), "Timestamp: 1764000000\n")));
  }

  /** A signed note: body, blank line, one signature line per name ({@code — name base64(hint ‖ sig)}). */
  private String checkpoint(String origin, long size, byte[] root, List<String> names, String extensions) throws Exception {
    String body = origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n" + extensions;
    StringBuilder note = new StringBuilder(body).append('\n');
    for (String name : names) {
      byte[] hint = java.util.Arrays.copyOf(sha256((name + "\n\u0001").getBytes(StandardCharsets.UTF_8)), 4);
      note.append("\u2014 ").append(name).append(' ')
          .append(Base64.getEncoder().encodeToString(concat(hint, ed.sign(body.getBytes(StandardCharsets.UTF_8))))).append('\n');
    }
    return note.toString();
  }

  // --- trusted roots and signing configs ----------------------------------------------------------------------------

  private void trustedRoots() throws Exception {
    JsonObject validFor = o("start", "2025-01-01T00:00:00Z");
    JsonObject root = o("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
        "tlogs", a(log(edSpki, "PKIX_ED25519", validFor, "https://rekor.fuzz.airid.dev"),
            log(p256Spki, "PKIX_ECDSA_P256_SHA_256", o("start", "2025-01-01T00:00:00.123456789Z", "end", "2030-01-01T00:00:00+01:00"),
                "https://rekor2.fuzz.airid.dev")),
        "certificateAuthorities", a(o("subject", o("organization", "airid test", "commonName", "airid fuzz root"),
            "uri", "https://fulcio.fuzz.airid.dev", "certChain", o("certificates", a(o("rawBytes", b64(rootCert)))),
            "validFor", validFor)),
        "ctlogs", a(log(p256Spki, "PKIX_ECDSA_P256_SHA_256", validFor, "https://ctfe.fuzz.airid.dev")),
        "timestampAuthorities", a(o("subject", o("organization", "airid test", "commonName", "airid fuzz tsa"),
            "uri", "https://tsa.fuzz.airid.dev", "certChain", o("certificates", a(o("rawBytes", b64(leafCert)), o("rawBytes", b64(rootCert)))),
            "validFor", o("start", "2025-01-01T00:00:00Z", "end", "2035-01-01T00:00:00Z"))));
    put("trustedRoot", "all-kinds", Json.pretty(root));
    put("trustedRoot", "all-kinds-proto-names", Json.compact(protoNames(root, false)));
  }

  private JsonObject log(byte[] spki, String details, JsonObject validFor, String url) throws Exception {
    return o("baseUrl", url, "hashAlgorithm", "SHA2_256",
        "publicKey", o("rawBytes", b64(spki), "keyDetails", details, "validFor", validFor),
        "logId", o("keyId", b64(sha256(spki))), "checkpointKeyId", o("keyId", b64url(sha256(spki))), "operator", "airid test");
  }

  private void signingConfigs() throws Exception {
    JsonObject now = o("start", "2025-01-01T00:00:00Z");
    JsonObject config = o("mediaType", "application/vnd.dev.sigstore.signingconfig.v0.2+json",
        "caUrls", a(o("url", "https://fulcio.fuzz.airid.dev/", "majorApiVersion", JsonNumber.of(1), "validFor", now, "operator", "airid test")),
        "oidcUrls", a(o("url", "https://oauth2.fuzz.airid.dev/auth", "majorApiVersion", JsonNumber.of(1), "validFor", now)),
        "rekorTlogUrls", a(o("url", "https://log2025.fuzz.airid.dev", "majorApiVersion", JsonNumber.of(2),
                "validFor", o("start", "2025-06-01T00:00:00Z")),
            o("url", "http://localhost:3000", "majorApiVersion", JsonNumber.of(1), "validFor", now)),
        "rekorTlogConfig", o("selector", "ANY"),
        "tsaUrls", a(o("url", "https://tsa.fuzz.airid.dev/api/v1/timestamp", "majorApiVersion", JsonNumber.of(1), "validFor", now)),
        "tsaConfig", o("selector", JsonNumber.of(3), "count", JsonNumber.of(1)));
    put("signingConfig", "v02", Json.pretty(config));
    put("signingConfig", "v02-proto-names", Json.compact(protoNames(config, false)));
  }

  // --- airid documents ----------------------------------------------------------------------------------------------

  private void policies() throws Exception {
    put("policy", "example-yaml", Files.readAllBytes(Paths2.repositoryRoot().resolve("examples/policy.yaml")));
    put("policy", "verification-json", Json.pretty(o("policy", "https://airid.dev/policy/v1",
        "rules", a(o("name", "gpt", "expression", "declaration.model.name.startsWith(\"gpt\") && size(declaration.inputs) < 10",
            "message", "only gpt models")),
        "verification", o("trustedKeys", a("keys/ed25519-test.pub", "keys/ecdsa-p256-test.pub"), "threshold", JsonNumber.of(2),
            "trustedIdentities", a(o("subject", "https://airid.dev/fuzz@refs/heads/main", "issuer", "https://issuer.fuzz.airid.dev"),
                o("subjectRegexp", "^https://github\\.com/airid/.*$", "issuer", "https://token.actions.githubusercontent.com")),
            "trustedRoot", "trusted_root.json", "allowRedacted", JsonBoolean.of(false), "maxAgeSeconds", JsonNumber.of(86400),
            "requiredPredicateTypes", a("https://airid.dev/attestation/declaration/v1")))));
    put("policy", "yaml-anchors", utf8("""
        policy: https://airid.dev/policy/v1
        rules:
          - &r {name: a, expression: 'declaration.model.name == "m"', message: m}
          - name: b
            appliesTo: output
            expression: 'has(output.execution) && output.outputs.all(o, o.digest.sha256 != "")'
        verification: {allowRedacted: true, maxAgeSeconds: 60}
        """));
  }

  private void keyFiles() throws Exception {
    put("keyFile", "ed25519-spki-der", edSpki);
    put("keyFile", "p256-spki-der", p256Spki);
    java.security.interfaces.ECPublicKey ec = (java.security.interfaces.ECPublicKey) p256.verificationKey().key();
    byte[] x = unsigned(ec.getW().getAffineX());
    byte[] y = unsigned(ec.getW().getAffineY());
    byte[] compressed = concat(new byte[] {(byte) (ec.getW().getAffineY().testBit(0) ? 3 : 2)}, x);
    byte[] prefix = java.util.Arrays.copyOf(p256Spki, p256Spki.length - 65);
    prefix[1] = (byte) (prefix[1] - 32);
    prefix[prefix.length - 2] = (byte) (prefix[prefix.length - 2] - 32);
    put("keyFile", "p256-spki-compressed-pem", pem("PUBLIC KEY", concat(prefix, compressed)));
    put("keyFile", "p256-jwk-public", Json.pretty(o("kty", "EC", "crv", "P-256", "alg", "ES256", "x", b64url(x), "y", b64url(y))));
    byte[] edRaw = java.util.Arrays.copyOfRange(edSpki, edSpki.length - 32, edSpki.length);
    put("keyFile", "ed25519-jwk-public", Json.pretty(o("kty", "OKP", "crv", "Ed25519", "x", b64url(edRaw))));
    byte[] pkcs8 = edPrivate.getEncoded();
    byte[] d = java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
    put("keyFile", "ed25519-jwk-private", Json.pretty(o("kty", "OKP", "crv", "Ed25519", "alg", "EdDSA", "x", b64url(edRaw), "d", b64url(d))));
    put("keyFile", "ed25519-encrypted-1000-iterations", encrypted(edPrivate, 1000));
    put("keyFile", "p256-encrypted-1000-iterations", encrypted(p256Private, 1000));
  }

  /** PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) with {@link ParsersFuzzTest#PASSPHRASE} and few iterations, so fuzzing stays fast. */
  private static byte[] encrypted(PrivateKey key, int iterations) throws Exception {
    SecureRandom fixed = SecureRandom.getInstance("SHA1PRNG");
    fixed.setSeed(iterations);
    var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
        .setPRF(JcaPKCS8Generator.PRF_HMACSHA256).setIterationCount(iterations).setRandom(fixed)
        .setProvider(dev.airid.internal.BouncyCastle.PROVIDER).setPassword(ParsersFuzzTest.PASSPHRASE).build();
    StringWriter out = new StringWriter();
    try (PemWriter w = new PemWriter(out)) {
      w.writeObject(new JcaPKCS8Generator(key, encryptor).generate());
    }
    return utf8(out.toString());
  }

  private void declarations() throws Exception {
    for (String name : new String[] {"full", "content-any-depth", "full-redacted-all", "extensions-names", "tools-schemas"}) {
      JsonObject v = (JsonObject) Json.parse(Files.readAllBytes(Paths2.testVectors().resolve("identity/" + name + ".json")));
      put("declaration", name, utf8(((JsonString) v.getOrNull("declaration")).value()));
    }
  }

  private void provenance() throws Exception {
    JsonObject v = (JsonObject) Json.parse(Files.readAllBytes(Paths2.testVectors().resolve("attestation/output-ed25519.json")));
    String prov = ((JsonString) v.getOrNull("provenance")).value();
    for (String target : new String[] {"provenanceSplit", "verify"}) {
      put(target, "declaration-and-output", utf8(prov));
      put(target, "crlf-and-blank-lines", utf8("\r\n" + prov.replace("\n", "\r\n\r\n")));
      put(target, "single-bundle-pretty", Json.pretty(Json.parse(prov.substring(0, prov.indexOf('\n')))));
    }
    put("verify", "v01-chain-message-signature", seeds.get("bundle").get("seed-v01-chain-message-signature"));
    put("verify", "v03-rekor-v2-entries", seeds.get("bundle").get("seed-v03-rekor-v2-entries"));
  }

  // --- encodings ----------------------------------------------------------------------------------------------------

  /**
   * The same message with the original proto field names ({@code verification_material}). The DSSE envelope keeps its
   * names, which are the proto names already; with {@code mixed}, only every other object is renamed.
   */
  static JsonValue protoNames(JsonValue v, boolean mixed) {
    return rename(v, mixed, new int[] {0});
  }

  private static JsonValue rename(JsonValue v, boolean mixed, int[] counter) {
    if (v instanceof JsonObject o) {
      boolean renameHere = !mixed || counter[0]++ % 2 == 0;
      JsonObject.Builder b = JsonObject.builder();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        String name = e.getKey();
        boolean envelope = name.equals("dsseEnvelope");
        JsonValue value = envelope ? e.getValue() : rename(e.getValue(), mixed, counter);
        b.put(renameHere ? ProtoJson.snake(name) : name, value);
      }
      return b.build();
    }
    if (v instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>();
      for (JsonValue e : a) {
        out.add(rename(e, mixed, counter));
      }
      return JsonArray.of(out);
    }
    return v;
  }

  /** 64-bit integers given as decimal strings (as Sigstore clients write them) turned into JSON numbers. */
  static JsonValue int64AsNumbers(JsonValue v) {
    if (v instanceof JsonObject o) {
      JsonObject.Builder b = JsonObject.builder();
      for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
        boolean int64 = List.of("logIndex", "integratedTime", "treeSize").contains(e.getKey());
        b.put(e.getKey(), int64 && e.getValue() instanceof JsonString s ? JsonNumber.of(Long.parseLong(s.value())) : int64AsNumbers(e.getValue()));
      }
      return b.build();
    }
    if (v instanceof JsonArray a) {
      List<JsonValue> out = new ArrayList<>();
      for (JsonValue e : a) {
        out.add(int64AsNumbers(e));
      }
      return JsonArray.of(out);
    }
    return v;
  }

  // --- plumbing -----------------------------------------------------------------------------------------------------

  private void put(String target, String name, byte[] data) {
    seeds.computeIfAbsent(target, t -> new LinkedHashMap<>()).put("seed-" + name, data);
  }

  /** The test key as a JDK key (SigningKey keeps its private key to itself). */
  private static PrivateKey pkcs8(Path pem, String algorithm) throws Exception {
    String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return java.security.KeyFactory.getInstance(algorithm).generatePrivate(
        new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
  }

  /** A deterministic certificate signed with the Ed25519 test key (the root is self-signed, the leaf has a URI SAN). */
  private byte[] certificate(String issuer, String subject, boolean ca, String uri) throws Exception {
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(ca ? 1 : 2),
        Date.from(java.time.Instant.parse("2025-01-01T00:00:00Z")), Date.from(java.time.Instant.parse("2035-01-01T00:00:00Z")),
        new X500Name(subject), ed.verificationKey().key());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (uri != null) {
      b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
    }
    return b.build(new JcaContentSignerBuilder("Ed25519").build(edPrivate)).getEncoded();
  }

  static JsonObject o(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return obj(m);
  }

  private static JsonObject obj(Map<String, Object> m) {
    JsonObject.Builder b = JsonObject.builder();
    m.forEach((k, v) -> b.put(k, value(v)));
    return b.build();
  }

  static JsonArray a(Object... values) {
    List<JsonValue> out = new ArrayList<>();
    for (Object v : values) {
      out.add(value(v));
    }
    return JsonArray.of(out);
  }

  private static JsonValue value(Object v) {
    return v instanceof JsonValue j ? j : JsonString.of((String) v);
  }

  static byte[] pae(String type, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] t = utf8(type);
    out.writeBytes(utf8("DSSEv1 " + t.length + " "));
    out.writeBytes(t);
    out.writeBytes(utf8(" " + payload.length + " "));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static byte[] pem(String label, byte[] der) {
    return utf8("-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n");
  }

  private static byte[] unsigned(BigInteger i) {
    byte[] b = i.toByteArray();
    byte[] out = new byte[32];
    System.arraycopy(b, Math.max(0, b.length - 32), out, Math.max(0, 32 - b.length), Math.min(32, b.length));
    return out;
  }

  static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static String b64url(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
