package dev.airid.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.policy.Policy;
import dev.airid.sigstore.Bundle;
import dev.airid.sigstore.SigningConfig;
import dev.airid.sigstore.TrustedRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One regression test per fuzzing finding (docs/fuzzing.md lists them): the input that broke a parser, now refused
 * with a typed error at the right place. Each input is also in the corpus, where the fuzz target replays it.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FindingsTest {

  static byte[] finding(String target, String name) throws Exception {
    return Files.readAllBytes(Path.of("src/test/resources/dev/airid/fuzz/ParsersFuzzTestInputs", target, name));
  }

  static byte[] differential(String target, String name) throws Exception {
    return Files.readAllBytes(Path.of("src/test/resources/dev/airid/fuzz/ProtoJsonDifferentialTestInputs", target, name));
  }

  /** Refused by airid with TRUSTED_ROOT_INVALID at {@code pointer}, and refused by protobuf's own parser. */
  static void refusedByBoth(String name, String pointer) throws Exception {
    byte[] root = differential("trustedRoot", name);
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> TrustedRoot.parse(Json.parse(root)));
    assertEquals(ErrorCode.TRUSTED_ROOT_INVALID, e.code());
    assertEquals(pointer, e.pointer().orElseThrow());
    assertEquals(ProtoJsonOracle.Kind.BOTH_REFUSE, ProtoJsonOracle.trustedRoot(root).kind());
  }

  /** Finding 1: a 64-bit integer written as a decimal string with a huge exponent made the reader compute 10^99999999. */
  @Test
  void int64StringWithAHugeExponentIsRefusedAtOnce() throws Exception {
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> Bundle.parse(finding("bundle", "finding-int64-string-with-huge-exponent")));
    assertEquals(ErrorCode.BUNDLE_INVALID, e.code());
    assertEquals("/verificationMaterial/tlogEntries/0/logIndex", e.pointer().orElseThrow());
  }

  /**
   * Finding 2 (differential): times protobuf refuses — no seconds, lower-case "t"/"z" (also year 0000, offset seconds,
   * five-digit years) — were read by java.time's ISO parser.
   */
  @Test
  void timesProtobufRefusesAreRefused() throws Exception {
    refusedByBoth("finding-time-without-seconds", "/timestampAuthorities/0/validFor/end");
    refusedByBoth("finding-time-lower-case", "/timestampAuthorities/0/validFor/end");
  }

  /**
   * Finding 3 (differential): a CT log that is not well-formed protobuf JSON was dropped silently with the unusable
   * ones, and fields airid does not use (an authority's subject, a log's checkpointKeyId) were not read at all; protobuf
   * refuses such roots.
   */
  @Test
  void malformedFieldsAiridDoesNotUseAreRefused() throws Exception {
    refusedByBoth("finding-ctlog-malformed-time", "/ctlogs/0/publicKey/validFor/start");
    refusedByBoth("finding-ctlog-unknown-enum-name", "/ctlogs/0/publicKey/keyDetails");
    refusedByBoth("finding-authority-subject-not-a-string", "/certificateAuthorities/0/subject/organization");
    refusedByBoth("finding-checkpoint-key-id-not-base64", "/tlogs/0/checkpointKeyId/keyId");
  }

  /** Finding 4: YAML nested 5,000 levels deep (5 KB) overflowed the YAML composer's stack. */
  @Test
  void deeplyNestedYamlPoliciesAreRefused() throws Exception {
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> Policy.parse(finding("policy", "finding-yaml-nested-5000-levels"), "policy.yaml"));
    assertEquals(ErrorCode.POLICY_INVALID, e.code());
  }

  /** Finding 5: 25 YAML anchors, each listing the previous twice (600 bytes), expanded to 2^25 values: out of memory. */
  @Test
  void yamlAliasBombsAreRefused() throws Exception {
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> Policy.parse(finding("policy", "finding-yaml-alias-expansion"), "policy.yaml"));
    assertEquals(ErrorCode.POLICY_INVALID, e.code());
  }

  /**
   * Finding 6: a service URL of 200,000 slashes: trimming trailing slashes with the regular expression "/+$" backtracked
   * quadratically (minutes). The URL is well formed, so the config is read.
   */
  @Test
  void longRunsOfSlashesInAServiceUrlAreReadAtOnce() throws Exception {
    SigningConfig c = SigningConfig.parse(Json.parse(finding("signingConfig", "finding-url-with-200000-slashes")),
        ParsersFuzzTest.NOW);
    assertEquals("fulcio.fuzz.airid.dev", c.fulcio().getHost());
  }
}
