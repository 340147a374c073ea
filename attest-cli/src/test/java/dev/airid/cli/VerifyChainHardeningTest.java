package dev.airid.cli;

import static dev.airid.cli.CliTest.airid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.RunIdentity;
import dev.airid.attest.Attestor;
import dev.airid.declaration.Declaration;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify-chain on inputs an attacker or an accident can produce: long chains, odd directory entries, big files. */
class VerifyChainHardeningTest {

  @TempDir Path tmp;

  /**
   * A linear chain of 8,000 signed runs, within the 10,000-file limit, verifies with and without --root. The graph walks
   * were recursive and ended in StackOverflowError (issue 18, finding 2). Files are named so that the newest run sorts
   * first: without --root the cycle search then starts at the leaf and goes all the way down. ECDSA P-256 signs and
   * verifies about twice as fast as Ed25519 with the JDK's provider; the walk does not care which key signed.
   */
  @Test
  void aLongLinearChainVerifiesWithAndWithoutRoot() throws Exception {
    int n = 8_000;
    SigningKey key = KeyFiles.generate(KeyType.ECDSA_P256);
    Files.write(tmp.resolve("k.pub"), KeyFiles.publicPem(key.verificationKey()));
    Attestor attestor = new Attestor(key);
    Path dir = Files.createDirectory(tmp.resolve("chain"));
    List<Declaration> chain = new ArrayList<>();
    RunIdentity parent = null;
    for (int i = 0; i < n; i++) {
      var b = Declaration.builder("m").input("user", "step " + i);
      if (parent != null) {
        b.parent(parent);
      }
      chain.add(b.build());
      parent = chain.get(i).identity();
    }
    IntStream.range(0, n).parallel().forEach(i -> {
      try {
        Files.write(dir.resolve(String.format("run-%05d.json", n - 1 - i)), attestor.attestDeclaration(chain.get(i), null).toBytes());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    CliTest.Result rooted = airid("verify-chain", "--dir", dir.toString(), "--key", tmp.resolve("k.pub").toString(),
        "--root", parent.toString(), "--json");
    assertEquals(0, rooted.code(), rooted.stderr());
    JsonObject report = (JsonObject) Json.parse(rooted.stdout());
    assertEquals(n, ((JsonArray) report.getOrNull("runs")).size());
    CliTest.Result all = airid("verify-chain", "--dir", dir.toString(), "--key", tmp.resolve("k.pub").toString());
    assertEquals(0, all.code(), all.stderr());
    assertTrue(all.stderr().contains("chain verified: " + n + " run(s)"), all.stderr());
    assertFalse(all.stderr().contains("Exception"), all.stderr());
  }
}
