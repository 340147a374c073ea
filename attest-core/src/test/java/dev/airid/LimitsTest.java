package dev.airid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.Statement;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.chain.ChainVerifier;
import dev.airid.declaration.Declaration;
import dev.airid.declaration.DeclarationBuilder;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonLimits;
import dev.airid.json.JsonNumber;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import dev.airid.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;

/**
 * Every limit of spec/limits.md that the core enforces, given an input exactly at the limit (accepted) and one past it
 * (refused with the documented code). Tests compare codes, never messages.
 */
class LimitsTest {

  static ErrorCode code(ThrowingRunnable r) {
    InputRejectedException e = assertThrows(InputRejectedException.class, r::run);
    return e.code();
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON string document of exactly {@code n} bytes. */
  static byte[] jsonOfSize(long n) {
    byte[] b = new byte[(int) n];
    java.util.Arrays.fill(b, (byte) 'x');
    b[0] = '"';
    b[b.length - 1] = '"';
    return b;
  }

  @Test
  void jsonInputSize() throws Exception {
    long max = JsonLimits.DEFAULT_MAX_BYTES;
    assertEquals(max - 2, ((dev.airid.json.JsonString) Json.parse(jsonOfSize(max))).value().length());
    assertEquals(ErrorCode.JSON_TOO_LARGE, code(() -> Json.parse(jsonOfSize(max + 1))));
  }

  @Test
  void jsonDepth() throws Exception {
    int max = JsonLimits.DEFAULT_MAX_DEPTH;
    Json.parse("[".repeat(max) + "]".repeat(max));
    assertEquals(ErrorCode.JSON_TOO_DEEP, code(() -> Json.parse("[".repeat(max + 1) + "]".repeat(max + 1))));
  }

  @Test
  void jsonDepthCeiling() throws Exception {
    int max = JsonLimits.MAX_DEPTH_CEILING;
    JsonLimits deepest = new JsonLimits(JsonLimits.DEFAULT_MAX_BYTES, max);
    Json.parse(utf8("[".repeat(max) + "]".repeat(max)), deepest);
    assertThrows(IllegalArgumentException.class, () -> new JsonLimits(JsonLimits.DEFAULT_MAX_BYTES, max + 1));
  }

  @Test
  void numberLiteralLength() throws Exception {
    int max = JsonLimits.MAX_NUMBER_LENGTH;
    Json.parse("0." + "1".repeat(max - 2));
    assertEquals(ErrorCode.JSON_TOO_LARGE, code(() -> Json.parse("0." + "1".repeat(max - 1))));
  }

  @Test
  void integerMagnitude() throws Exception {
    long max = JsonNumber.MAX_SAFE_INTEGER;
    assertEquals((double) max, ((JsonNumber) Json.parse(Long.toString(max))).value());
    assertEquals((double) -max, ((JsonNumber) Json.parse(Long.toString(-max))).value());
    assertEquals(ErrorCode.JSON_INTEGER_OUT_OF_RANGE, code(() -> Json.parse(Long.toString(max + 1))));
    assertEquals(ErrorCode.JSON_INTEGER_OUT_OF_RANGE, code(() -> Json.parse(Long.toString(-max - 1))));
  }

  @Test
  void bundlesPerProvenanceFile() throws Exception {
    int max = Provenance.MAX_BUNDLES;
    String line = "{}\n";
    assertEquals(max, Provenance.split(utf8(line.repeat(max))).size());
    assertEquals(ErrorCode.PROVENANCE_INVALID, code(() -> Provenance.split(utf8(line.repeat(max + 1)))));
    List<byte[]> tooMany = new ArrayList<>();
    for (int i = 0; i <= max; i++) {
      tooMany.add(utf8("{}"));
    }
    Verifier v = Verifier.of(TrustPolicy.of(KeyFiles.generate(KeyType.ED25519).verificationKey()));
    assertEquals("provenance.bundles", v.verify(tooMany, Optional.empty()).firstFailure().orElseThrow().name());
    assertEquals("bundle.mediaType", v.verify(tooMany.subList(0, max), Optional.empty()).firstFailure().orElseThrow().name());
  }

  static String bundleJson() throws Exception {
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    return new String(new Attestor(key).attestDeclaration(Declaration.builder("m").build(), null).toBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void signaturesPerEnvelope() throws Exception {
    int max = dev.airid.attest.Dsse.MAX_SIGNATURES;
    String b = bundleJson();
    int start = b.indexOf("\"signatures\":[") + "\"signatures\":[".length();
    int end = b.indexOf(']', start);
    String one = b.substring(start, end);
    String at = b.substring(0, start) + String.join(",", java.util.Collections.nCopies(max, one)) + b.substring(end);
    String past = b.substring(0, start) + String.join(",", java.util.Collections.nCopies(max + 1, one)) + b.substring(end);
    assertEquals(max, Bundle.parse(Json.parse(at)).envelope().orElseThrow().signatures().size());
    assertEquals(ErrorCode.ENVELOPE_INVALID, code(() -> Bundle.parse(Json.parse(past))));
  }

  static String statement(int subjects) {
    StringBuilder sb = new StringBuilder("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[");
    for (int i = 0; i < subjects; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"name\":\"f").append(i).append("\",\"digest\":{\"sha256\":\"")
          .append(Sha256.hexOf(new byte[] {(byte) i})).append("\"}}");
    }
    return sb.append("],\"predicateType\":\"https://example.com/p\",\"predicate\":{}}").toString();
  }

  @Test
  void subjectsPerStatement() throws Exception {
    int max = Statement.MAX_SUBJECTS;
    assertEquals(max, Statement.parse(Json.parse(statement(max))).subjects().size());
    assertEquals(ErrorCode.STATEMENT_INVALID, code(() -> Statement.parse(Json.parse(statement(max + 1)))));
  }

  static String keylessBundle(int entries, int timestamps) throws Exception {
    String b = bundleJson();
    String envelope = b.substring(b.indexOf("\"dsseEnvelope\":"));
    String tlog = String.join(",", java.util.Collections.nCopies(entries, "{\"logIndex\":\"1\",\"logId\":{\"keyId\":\"AAAA\"},"
        + "\"kindVersion\":{\"kind\":\"dsse\",\"version\":\"0.0.1\"},\"integratedTime\":\"1\",\"canonicalizedBody\":\"e30=\"}"));
    String stamps = String.join(",", java.util.Collections.nCopies(timestamps, "{\"signedTimestamp\":\"AAAA\"}"));
    return "{\"mediaType\":\"" + Bundle.MEDIA_TYPE + "\",\"verificationMaterial\":{\"certificate\":{\"rawBytes\":\"MAA=\"},"
        + "\"tlogEntries\":[" + tlog + "],\"timestampVerificationData\":{\"rfc3161Timestamps\":[" + stamps + "]}}," + envelope;
  }

  @Test
  void evidencePerBundle() throws Exception {
    int max = Bundle.MAX_EVIDENCE;
    assertTrue(Bundle.parse(Json.parse(keylessBundle(max, max))).material().signer() instanceof Bundle.Certificate);
    assertEquals(ErrorCode.BUNDLE_INVALID, code(() -> Bundle.parse(Json.parse(keylessBundle(max + 1, 1)))));
    assertEquals(ErrorCode.BUNDLE_INVALID, code(() -> Bundle.parse(Json.parse(keylessBundle(1, max + 1)))));
  }

  @Test
  void keyFileSize() throws Exception {
    int max = KeyFiles.MAX_KEY_FILE_BYTES;
    byte[] pem = KeyFiles.publicPem(KeyFiles.generate(KeyType.ED25519).verificationKey());
    byte[] at = java.util.Arrays.copyOf(pem, max);
    java.util.Arrays.fill(at, pem.length, max, (byte) '\n'); // trailing white space, still one PEM key
    byte[] past = java.util.Arrays.copyOf(at, max + 1);
    past[max] = '\n';
    KeyFiles.readPublic(at, "at.pub", Optional.empty());
    assertEquals(ErrorCode.KEY_INVALID, code(() -> KeyFiles.readPublic(past, "past.pub", Optional.empty())));
  }

  /**
   * An encrypted key asking for exactly the maximum is let through to decryption, which here fails at once (an unknown
   * PRF; no iteration is run) with KEY_PASSPHRASE; one iteration more is refused before any work, KEY_UNSUPPORTED.
   */
  @Test
  void pbkdf2Iterations() throws Exception {
    int max = KeyFiles.MAX_PBKDF2_ITERATIONS;
    assertEquals(ErrorCode.KEY_PASSPHRASE, code(() -> KeyFiles.readPrivate(encryptedKey(max), "at.key", "pw".toCharArray(), Optional.empty())));
    assertEquals(ErrorCode.KEY_UNSUPPORTED,
        code(() -> KeyFiles.readPrivate(encryptedKey(max + 1L), "past.key", "pw".toCharArray(), Optional.empty())));
  }

  static byte[] encryptedKey(long iterations) throws Exception {
    AlgorithmIdentifier unknownPrf = new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1"));
    PBKDF2Params kdf = new PBKDF2Params(new byte[16], Math.toIntExact(iterations), 32, unknownPrf);
    PBES2Parameters pbes2 = new PBES2Parameters(new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, kdf),
        new EncryptionScheme(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(new byte[16])));
    EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, pbes2),
        new byte[48]);
    return utf8("-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(info.getEncoded())
        + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
  }

  @Test
  void rsaModulus() throws Exception {
    int min = KeyType.MIN_RSA_BITS;
    KeyFiles.readPublic(rsaPublicPem(min), "at.pub", Optional.empty());
    assertEquals(ErrorCode.KEY_UNSUPPORTED, code(() -> KeyFiles.readPublic(rsaPublicPem(min - 1), "past.pub", Optional.empty())));
  }

  static byte[] rsaPublicPem(int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    return utf8("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
        .encodeToString(g.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
  }

  /** A YAML policy of exactly {@code n} bytes: one rule, then a comment that fills it up. */
  static byte[] policyOfSize(int n) {
    String head = "policy: https://airid.dev/policy/v1\nrules:\n  - name: r\n    expression: 'true'\n#";
    return utf8(head + "x".repeat(n - head.length() - 1) + "\n");
  }

  @Test
  void policySize() throws Exception {
    int max = Policy.MAX_BYTES;
    assertEquals(max, policyOfSize(max).length);
    Policy.parse(policyOfSize(max), "at.yaml");
    assertEquals(ErrorCode.POLICY_INVALID, code(() -> Policy.parse(policyOfSize(max + 1), "past.yaml")));
  }

  /** cel-java's default expression limit, documented in spec/policy.md §3: 100,000 code points. */
  @Test
  void celExpressionLength() throws Exception {
    int max = 100_000;
    String at = "'" + "é".repeat(max - 8) + "' != ''"; // code points, not bytes: é is 2 bytes in UTF-8
    assertEquals(max, at.codePointCount(0, at.length()));
    Policy.parse(utf8("{\"policy\":\"https://airid.dev/policy/v1\",\"rules\":[{\"name\":\"r\",\"expression\":\"" + at + "\"}]}"), "at.json");
    String past = "'" + "é".repeat(max - 7) + "' != ''";
    assertEquals(ErrorCode.POLICY_INVALID, code(() -> Policy.parse(
        utf8("{\"policy\":\"https://airid.dev/policy/v1\",\"rules\":[{\"name\":\"r\",\"expression\":\"" + past + "\"}]}"), "past.json")));
  }

  // --- chains -------------------------------------------------------------------------------------------------------

  static RunIdentity id(int i) {
    return RunIdentity.ofDigest(Sha256.of(utf8("parent " + i)));
  }

  @Test
  void chainParentLinks() throws Exception {
    int max = ChainVerifier.MAX_PARENT_LINKS;
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    Attestor attestor = new Attestor(key);
    ChainVerifier.Session s = new ChainVerifier(Verifier.of(TrustPolicy.of(key.verificationKey()))).session();
    int next = 0;
    for (int half = 0; half < 2; half++) {
      DeclarationBuilder b = Declaration.builder("m").input("user", "half " + half);
      for (int i = 0; i < max / 2; i++) {
        b.parent(id(next++));
      }
      s.add(new ChainVerifier.Source("half-" + half, List.of(attestor.attestDeclaration(b.build(), null).toBytes())));
    }
    s.add(new ChainVerifier.Source("one-more", List.of(attestor.attestDeclaration(
        Declaration.builder("m").input("user", "one more").parent(id(next)).build(), null).toBytes())));
    List<String> problems = s.result(Optional.empty()).problems();
    assertFalse(problems.stream().anyMatch(p -> p.startsWith("half-")), "exactly at the limit: both halves are runs");
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("one-more: does not verify: chain.links")), "one link past it");
  }

  static ChainVerifier.Result junkSources(int n) {
    ChainVerifier.Session s = new ChainVerifier(anyVerifier()).session();
    for (int i = 0; i < n; i++) {
      s.add(new ChainVerifier.Source("junk-" + i, List.of(utf8("junk " + i))));
    }
    return s.result(Optional.empty());
  }

  static Verifier anyVerifier() {
    try {
      return Verifier.of(TrustPolicy.of(KeyFiles.generate(KeyType.ED25519).verificationKey()));
    } catch (OperationFailedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void chainProblems() {
    int max = ChainVerifier.MAX_PROBLEMS;
    List<String> at = junkSources(max).problems();
    assertEquals(max, at.size());
    assertTrue(at.stream().allMatch(p -> p.startsWith("junk-")));
    List<String> past = junkSources(max + 1).problems();
    assertEquals(max + 1, past.size(), "the problems at the limit, then one line that counts the rest");
    assertFalse(past.get(max).startsWith("junk-"));
  }

  static List<String> failingRules(int n) throws Exception {
    StringBuilder yaml = new StringBuilder("policy: https://airid.dev/policy/v1\nrules:\n");
    for (int i = 0; i < n; i++) {
      yaml.append("  - name: r").append(i).append("\n    expression: 'false'\n");
    }
    Policy policy = Policy.parse(utf8(yaml.toString()), "p.yaml");
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    byte[] bundle = new Attestor(key).attestDeclaration(Declaration.builder("m").build(), null).toBytes();
    return new ChainVerifier(Verifier.of(TrustPolicy.builder().trustedKey(key.verificationKey()).policy(policy).build()))
        .verify(List.of(new ChainVerifier.Source("run", List.of(bundle))), Optional.empty()).problems();
  }

  @Test
  void chainFailuresPerSource() throws Exception {
    int max = ChainVerifier.MAX_FAILURES_PER_SOURCE;
    List<String> at = failingRules(max);
    assertEquals(max, at.size());
    assertTrue(at.stream().allMatch(p -> p.contains(": policy.rule.r")));
    List<String> past = failingRules(max + 1);
    assertEquals(max + 1, past.size(), "the failures at the limit, then one that counts the rest");
    assertFalse(past.get(max).contains(": policy.rule.r"));
  }

  static String keptModel(int length) throws Exception {
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    byte[] bundle = new Attestor(key).attestDeclaration(Declaration.builder("m".repeat(length)).build(), null).toBytes();
    return new ChainVerifier(Verifier.of(TrustPolicy.of(key.verificationKey())))
        .verify(List.of(new ChainVerifier.Source("run", List.of(bundle))), Optional.empty()).nodes().get(0).model();
  }

  @Test
  void chainTextChars() throws Exception {
    int max = ChainVerifier.MAX_TEXT_CHARS;
    assertEquals("m".repeat(max), keptModel(max));
    assertEquals("m".repeat(max) + "…", keptModel(max + 1));
  }

  /**
   * A sparse file of exactly the size is read into memory (for signatures over the message itself); one byte more and
   * the artifact offers no bytes, so such a check fails and says why, while its digests are still computed.
   */
  @Test
  void artifactBytesInMemory() throws Exception {
    long max = dev.airid.verify.Artifact.MAX_BYTES_IN_MEMORY;
    java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory("airid-limits");
    java.nio.file.Path at = tmp.resolve("at.bin");
    java.nio.file.Path past = tmp.resolve("past.bin");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(at.toFile(), "rw")) {
      f.setLength(max);
    }
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(past.toFile(), "rw")) {
      f.setLength(max + 1);
    }
    try {
      assertEquals(max, dev.airid.verify.Artifact.ofFile(at).bytes().orElseThrow().length);
      assertTrue(dev.airid.verify.Artifact.ofFile(past).bytes().isEmpty());
    } finally {
      java.nio.file.Files.delete(at);
      java.nio.file.Files.delete(past);
      java.nio.file.Files.delete(tmp);
    }
  }
}
