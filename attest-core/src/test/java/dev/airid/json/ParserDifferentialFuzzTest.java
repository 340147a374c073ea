package dev.airid.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ParserDifferentialTest}'s property under coverage-guided fuzzing: for any bytes, the parser and its previous
 * version ({@link PreviousStrictParser}) accept with equal values and digests, or reject with the same error code,
 * offset and pointer. Fuzzing finds the inputs a generator does not think of, at the edges of the string scanner's
 * fast paths (a string without escapes is read from the input; one with escapes through a buffer).
 *
 * <p>In the normal build it replays its corpus, if any; to fuzz it (docs/fuzzing.md):
 * {@code ./mvnw -B -Pfuzz -pl attest-core test -Dfuzz.class=ParserDifferentialFuzzTest -Dfuzz.target=parse -Dfuzz.duration=10m}.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ParserDifferentialFuzzTest {

  @FuzzTest
  void parse(byte[] input) {
    ParserDifferentialTest.compare(input, "fuzzed input");
  }
}
