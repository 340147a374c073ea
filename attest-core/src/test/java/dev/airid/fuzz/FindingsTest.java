package dev.airid.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.sigstore.Bundle;
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

  /** Finding 1: a 64-bit integer written as a decimal string with a huge exponent made the reader compute 10^99999999. */
  @Test
  void int64StringWithAHugeExponentIsRefusedAtOnce() throws Exception {
    InputRejectedException e = assertThrows(InputRejectedException.class,
        () -> Bundle.parse(finding("bundle", "finding-int64-string-with-huge-exponent")));
    assertEquals(ErrorCode.BUNDLE_INVALID, e.code());
    assertEquals("/verificationMaterial/tlogEntries/0/logIndex", e.pointer().orElseThrow());
  }
}
