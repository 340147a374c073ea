package dev.airid.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airid.testing.Paths2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The RFC 8785 reference data (cyberphone/json-canonicalization), read in place from ../shared. */
class JcsExternalVectorsTest {

  static Stream<String> cases() {
    return Stream.of("arrays", "french", "structures", "unicode", "values", "weird");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void canonicalisesLikeTheReference(String name) throws Exception {
    Path base = Paths2.externalVectors("json-canonicalization/testdata");
    byte[] input = Files.readAllBytes(base.resolve("input/" + name + ".json"));
    byte[] expected = Files.readAllBytes(base.resolve("output/" + name + ".json"));
    byte[] actual = Json.canonicalize(Json.parse(input));
    assertEquals(new String(expected, "UTF-8"), new String(actual, "UTF-8"));
    assertArrayEquals(expected, actual);

    // outhex holds the same bytes as space-separated hex: a check that output/ was not re-encoded on the way here.
    String hex = String.join("", Files.readString(base.resolve("outhex/" + name + ".txt")).trim().split("\\s+"));
    assertArrayEquals(HexFormat.of().parseHex(hex), actual);
    // Canonical output is a fixed point.
    assertArrayEquals(actual, Json.canonicalize(Json.parse(actual)));
  }

  @org.junit.jupiter.api.Test
  void allSixPairsArePresent() {
    Path base = Paths2.externalVectors("json-canonicalization/testdata/input");
    assertEquals(List.of("arrays", "french", "structures", "unicode", "values", "weird"),
        cases().filter(n -> Files.isRegularFile(base.resolve(n + ".json"))).toList());
  }
}
