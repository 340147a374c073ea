package dev.airid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunIdentityTest {

  private static final String HEX = "0123456789abcdef".repeat(4);

  @Test
  void parsesFormatsAndCompares() throws Exception {
    RunIdentity id = RunIdentity.parse("airid:v1:sha256:" + HEX);
    assertEquals(HEX, id.hex());
    assertEquals("airid:v1:sha256:" + HEX, id.toString());
    assertEquals(id, RunIdentity.parse(id.toString()));
    assertEquals(id, RunIdentity.ofDigest(id.digest()));
    assertTrue(id.matchesDigest(id.digest()));
    byte[] other = id.digest();
    other[31] ^= 1;
    assertFalse(id.matchesDigest(other));
    assertNotEquals(id, RunIdentity.ofDigest(other));
    assertFalse(id.matchesDigest(Arrays.copyOf(other, 31)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "airid:v1:sha256:", "airid:v1:sha256:0123",
    "AIRID:v1:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "airid:v1:sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
    "airid:v2:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "airid:v1:sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    " airid:v1:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "airid:v1:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
    "airid:v1:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
    "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  })
  void rejectsEverySpellingButTheOne(String text) {
    InputRejectedException e = assertThrows(InputRejectedException.class, () -> RunIdentity.parse(text));
    assertEquals(ErrorCode.INVALID_IDENTITY, e.code());
    assertFalse(e.getMessage().contains("\n"), "error messages are one line");
  }

  @Test
  void rejectsNullAndBadDigests() {
    assertThrows(InputRejectedException.class, () -> RunIdentity.parse(null));
    assertThrows(IllegalArgumentException.class, () -> RunIdentity.ofDigest(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> new RunIdentity(HEX.toUpperCase()));
  }
}
