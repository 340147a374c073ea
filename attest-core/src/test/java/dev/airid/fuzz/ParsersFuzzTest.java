package dev.airid.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airid.AiridException;
import dev.airid.InputRejectedException;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.json.Json;
import dev.airid.keys.KeyFiles;
import dev.airid.policy.Policy;
import dev.airid.sigstore.Bundle;
import dev.airid.sigstore.SigningConfig;
import dev.airid.sigstore.TransparencyLogEntry;
import dev.airid.sigstore.TrustedRoot;
import dev.airid.sigstore.internal.SignedNote;
import dev.airid.verify.Check;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jazzer fuzz targets for every parser of untrusted input (docs/fuzzing.md). The one property each target checks: for
 * any bytes, the parser returns a value or throws {@link InputRejectedException} — never another exception, never an
 * {@link Error} (stack overflow, out of memory), never a hang (the {@link Timeout}). Where a parsed value can be
 * written back, the target also checks that writing and reading again gives the same meaning.
 *
 * <p>In the normal build ({@code mvn test}) each target runs once per file of its checked-in corpus
 * ({@code src/test/resources/dev/airid/fuzz/ParsersFuzzTestInputs/<target>/}) and once per seed read in place from
 * {@code test-vectors/} and {@code ../shared/external-vectors/} ({@link Seeds}). With {@code JAZZER_FUZZ=1} (the
 * {@code fuzz} profile) one target is fuzzed, starting from the same seeds.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ParsersFuzzTest {

  /** The verification time of {@link SigningConfig#parse}: fixed, so that findings replay. */
  static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

  /** The passphrase of the encrypted key seeds; the target decrypts with it. */
  static final char[] PASSPHRASE = "fuzz-passphrase".toCharArray();

  // --- Sigstore data ------------------------------------------------------------------------------------------------

  static Stream<Arguments> bundleSeeds() throws Exception {
    return Seeds.bundles();
  }

  /** A Sigstore bundle (any version, content and signer); a parsed bundle reads back to the same value. */
  @MethodSource("bundleSeeds")
  @FuzzTest
  void bundle(byte[] data) throws Exception {
    Bundle b;
    try {
      b = Bundle.parse(data);
    } catch (InputRejectedException expected) {
      return;
    }
    assertEquals(b, Bundle.parse(b.toBytes()), "a parsed bundle written and read again is the same bundle");
    try {
      b.statement();
    } catch (InputRejectedException expected) {
      // a message signature, or a payload that is not a Statement
    }
  }

  static Stream<Arguments> logEntrySeeds() throws Exception {
    return Seeds.logEntryBodies();
  }

  /**
   * A transparency log entry body, read as each kind airid knows (a body states its kind, which must agree with the
   * entry's), so corpus files are plain bodies.
   */
  @MethodSource("logEntrySeeds")
  @FuzzTest
  void logEntry(byte[] body) throws Exception {
    for (String[] kv : KINDS) {
      TransparencyLogEntry entry = new TransparencyLogEntry(1, new byte[32], kv[0], kv[1], 1, Optional.empty(),
          Optional.empty(), body);
      try {
        LOG_ENTRY_BODY.invoke(null, entry);
      } catch (InvocationTargetException e) {
        if (!(e.getCause() instanceof InputRejectedException)) {
          throw rethrow(e.getCause());
        }
      }
    }
  }

  static Stream<Arguments> checkpointSeeds() throws Exception {
    return Seeds.checkpoints();
  }

  /** A log checkpoint (a signed note). */
  @MethodSource("checkpointSeeds")
  @FuzzTest
  void checkpoint(byte[] data) {
    try {
      SignedNote note = SignedNote.parse(new String(data, StandardCharsets.UTF_8), "/checkpoint");
      assertFalse(note.signatures().isEmpty());
    } catch (InputRejectedException expected) {
      // refused
    }
  }

  static Stream<Arguments> trustedRootSeeds() throws Exception {
    return Seeds.trustedRoots();
  }

  /** A Sigstore trusted root. */
  @MethodSource("trustedRootSeeds")
  @FuzzTest
  void trustedRoot(byte[] data) {
    try {
      TrustedRoot.parse(Json.parse(data));
    } catch (InputRejectedException expected) {
      // refused
    }
  }

  static Stream<Arguments> signingConfigSeeds() throws Exception {
    return Seeds.signingConfigs();
  }

  /** A Sigstore signing config, read as of {@link #NOW}. */
  @MethodSource("signingConfigSeeds")
  @FuzzTest
  void signingConfig(byte[] data) {
    try {
      SigningConfig.parse(Json.parse(data), NOW);
    } catch (InputRejectedException expected) {
      // refused
    }
  }

  // --- airid documents ------------------------------------------------------------------------------------------------

  static Stream<Arguments> policySeeds() throws Exception {
    return Seeds.policies();
  }

  /** An airid policy, YAML or JSON: parsed, type-checked and compiled. */
  @MethodSource("policySeeds")
  @FuzzTest
  void policy(byte[] data) {
    try {
      Policy.parse(data, "fuzz.yaml");
    } catch (InputRejectedException expected) {
      // refused
    }
  }

  static Stream<Arguments> keyFileSeeds() throws Exception {
    return Seeds.keyFiles();
  }

  /**
   * A key file, read as each thing a key file may be asked to be: a public key (PEM or JWK), a private key (PEM, plain
   * or encrypted with {@link #PASSPHRASE}, or JWK), and DER SubjectPublicKeyInfo. A private key's public half is its
   * own: reading that public key gives the same key.
   */
  @MethodSource("keyFileSeeds")
  @FuzzTest
  void keyFile(byte[] data) throws Exception {
    try {
      KeyFiles.readPublic(data, "fuzz.pub", Optional.empty());
    } catch (InputRejectedException expected) {
      // refused
    }
    try {
      var k = KeyFiles.readPrivate(data, "fuzz.key", PASSPHRASE.clone(), Optional.empty());
      var pub = KeyFiles.readPublic(KeyFiles.publicPem(k.verificationKey()), "derived.pub", Optional.empty());
      assertEquals(k.keyId(), pub.keyId(), "a private key's public half reads back as the same key");
    } catch (InputRejectedException expected) {
      // refused
    }
    try {
      KeyFiles.readSpki(data, "fuzz.der");
    } catch (InputRejectedException expected) {
      // refused
    }
  }

  static Stream<Arguments> declarationSeeds() throws Exception {
    return Seeds.declarations();
  }

  /** An AI Run Declaration; its identity does not depend on how its JSON is spelled. */
  @MethodSource("declarationSeeds")
  @FuzzTest
  void declaration(byte[] data) throws Exception {
    Declaration d;
    try {
      d = Declaration.parse(data);
    } catch (InputRejectedException expected) {
      return;
    }
    // Canonical bytes are for hashing, not for reading back (spec/ai-run-declaration.md §6.5); the writers' output is.
    assertEquals(d.identity(), Declaration.parse(Json.compact(d.json())).identity(),
        "a declaration written compactly has the same identity");
    assertEquals(d.identity(), Declaration.parse(Json.pretty(d.json())).identity(),
        "a declaration written indented has the same identity");
    assertNotNull(d.identityForm());
  }

  // --- verification -----------------------------------------------------------------------------------------------

  static Stream<Arguments> provenanceSeeds() throws Exception {
    return Seeds.provenance();
  }

  /** Splitting a provenance file: bundles or a typed error. */
  @MethodSource("provenanceSeeds")
  @FuzzTest
  void provenanceSplit(byte[] data) {
    try {
      List<byte[]> bundles = Provenance.split(data);
      assertFalse(bundles.isEmpty());
      assertTrue(bundles.size() <= Provenance.MAX_BUNDLES);
    } catch (InputRejectedException expected) {
      // refused
    }
  }

  /**
   * Whole verification of arbitrary bytes with a fixed trust policy ({@link Seeds#verifier()}): the verifier always
   * returns a result, never throws, and the result fails closed.
   */
  @MethodSource("provenanceSeeds")
  @FuzzTest
  void verify(byte[] data) throws AiridException {
    VerificationResult r = Seeds.verifier().verify(data);
    assertNotNull(r);
    assertFalse(r.checks().isEmpty(), "a result lists its checks");
    if (r.verified()) {
      assertTrue(r.checks().stream().allMatch(Check::passed));
      assertFalse(r.signers().isEmpty(), "a verified result names who signed");
    } else {
      assertTrue(r.firstFailure().isPresent(), "a result that is not verified names the check that failed");
    }
  }

  // --- plumbing -----------------------------------------------------------------------------------------------------

  static final String[][] KINDS = {
    {"hashedrekord", "0.0.1"}, {"dsse", "0.0.1"}, {"intoto", "0.0.2"}, {"hashedrekord", "0.0.2"}, {"dsse", "0.0.2"}
  };

  /** {@code LogEntryBody.parse}, package-private in {@code dev.airid.sigstore.internal}: reached by reflection. */
  static final Method LOG_ENTRY_BODY;

  static {
    try {
      Class<?> c = Class.forName("dev.airid.sigstore.internal.LogEntryBody");
      LOG_ENTRY_BODY = c.getDeclaredMethod("parse", TransparencyLogEntry.class);
      LOG_ENTRY_BODY.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static Exception rethrow(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    return t instanceof Exception e ? e : new RuntimeException(t);
  }
}
