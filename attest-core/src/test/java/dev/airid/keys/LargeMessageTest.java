package dev.airid.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Found by the 100,000-parent limit test: the native provider buffers an Ed25519 message whole and throws on one past
 * 1 MiB. Large messages (a declaration with many parents, a big inline input) must sign and verify with every key type
 * whichever implementation is chosen, and a changed byte must still fail.
 */
class LargeMessageTest {

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"ED25519", "ECDSA_P256", "ECDSA_P384"})
  void messagesAroundAndPastOneMebibyteSignAndVerify(KeyType type) throws Exception {
    SigningKey key = KeyFiles.generate(type);
    for (int size : new int[] {Engines.LARGE_MESSAGE_BYTES - 1, Engines.LARGE_MESSAGE_BYTES,
        Engines.LARGE_MESSAGE_BYTES + 1, 4 * Engines.LARGE_MESSAGE_BYTES}) {
      byte[] message = new byte[size];
      Arrays.fill(message, (byte) 'a');
      byte[] sig = key.sign(message);
      assertTrue(key.verificationKey().verify(message, sig), type + " " + size);
      message[size / 2] = 'b';
      assertFalse(key.verificationKey().verify(message, sig), type + " " + size + " changed");
    }
  }
}
