package dev.airid.cli;

import static dev.airid.cli.CliTest.airid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.RunIdentity;
import dev.airid.attest.Attestor;
import dev.airid.declaration.Declaration;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify-chain on inputs an attacker or an accident can produce: long chains, odd directory entries, big files. */
class VerifyChainHardeningTest {

  @TempDir Path tmp;

  /**
   * A linear chain of 8,000 signed runs, within the 10,000-file limit, verifies with and without --root. The graph walks
   * were recursive and ended in StackOverflowError (issue 18, finding 2). Files are named so that the newest run sorts
   * first: without --root the cycle search then starts at the leaf and goes all the way down. The runs are signed with
   * an RSA-2048 key (RSA-PSS): verifying the chain twice is 16,000 verifications, and RSA verifies some 20 times faster
   * than ECDSA or Ed25519 here; the walk does not care which key signed.
   */
  @Test
  void aLongLinearChainVerifiesWithAndWithoutRoot() throws Exception {
    int n = 8_000;
    java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String pkcs8 = "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
        .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    SigningKey key = KeyFiles.readPrivate(pkcs8.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "rsa.key", null,
        java.util.Optional.empty());
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

  /** One signed declaration bundle in {@code dir}, and the public key in tmp/k.pub. */
  Path oneRun(Path dir, String name) throws Exception {
    if (!Files.exists(tmp.resolve("k.key"))) {
      assertEquals(0, airid("keygen", "--out", tmp.resolve("k").toString()).code());
    }
    Path out = dir.resolve(name);
    CliTest.Result r = airid("attest", CliTest.example().toString(), "--key", tmp.resolve("k.key").toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.stderr());
    return out;
  }

  /** The error code of a failed command run with --json. */
  static String errorCode(CliTest.Result r) throws Exception {
    JsonObject o = (JsonObject) Json.parse(r.stdout());
    return ((dev.airid.json.JsonString) ((JsonObject) o.getOrNull("error")).getOrNull("code")).value();
  }

  CliTest.Result verifyDir(Path dir) {
    return airid("verify-chain", "--dir", dir.toString(), "--key", tmp.resolve("k.pub").toString(), "--json");
  }

  /** Issue 18, finding 3: a named pipe in the directory blocked the command forever; it is refused without opening it. */
  @Test
  void aNamedPipeInTheDirectoryIsRefusedWithoutOpeningIt() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    oneRun(dir, "a.json");
    Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe.json").toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo");
    // The guard only ends the test if the command blocks (as it did); it measures nothing.
    CliTest.Result r = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> verifyDir(dir));
    assertEquals(ExitCode.BAD_INPUT, r.code(), r.stderr());
    assertEquals("INPUT_NOT_FOUND", errorCode(r));
    assertTrue(r.stderr().contains("pipe.json"), r.stderr());
  }

  /** A symbolic link from the directory to a file outside it is refused; a link to a file inside is read. */
  @Test
  void aSymbolicLinkOutOfTheDirectoryIsRefused() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Path inside = oneRun(dir, "a.json");
    Files.createSymbolicLink(dir.resolve("same.json"), inside);
    Files.createSymbolicLink(dir.resolve("relative.jsonl"), Path.of("a.json"));
    CliTest.Result ok = verifyDir(dir);
    assertEquals(0, ok.code(), ok.stderr());

    Path outside = oneRun(tmp, "outside.json");
    Files.createSymbolicLink(dir.resolve("elsewhere.json"), Path.of("..", "outside.json"));
    CliTest.Result r = verifyDir(dir);
    assertEquals(ExitCode.BAD_INPUT, r.code(), r.stderr());
    assertEquals("INPUT_NOT_FOUND", errorCode(r));
    assertTrue(r.stderr().contains("elsewhere.json"), r.stderr());
    // Named on the command line, the same file is the user's choice and is read.
    CliTest.Result named = airid("verify-chain", dir.resolve("elsewhere.json").toString(), "--key", tmp.resolve("k.pub").toString());
    assertEquals(0, named.code(), named.stderr());
    assertTrue(Files.exists(outside));
  }

  /** A file larger than the limit is refused from its size, before it is read; sparse, it costs no disk. */
  @Test
  void aHugeSparseFileIsRefusedFromItsSize() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    oneRun(dir, "a.json");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve("huge.json").toFile(), "rw")) {
      f.setLength(1L << 40);
    }
    CliTest.Result r = verifyDir(dir);
    assertEquals(ExitCode.BAD_INPUT, r.code(), r.stderr());
    assertEquals("JSON_TOO_LARGE", errorCode(r));
    assertTrue(r.stderr().contains("huge.json"), r.stderr());
  }

  /**
   * Issue 18, finding 3: every file was read into memory before any was verified, so a directory of large files ran
   * out of memory. 12 files just under the 32 MiB limit (sparse: "x<n>", then zero bytes; none verifies) need 384 MiB at
   * once; verify-chain in a JVM with a 160 MiB heap reads them one at a time and names each.
   */
  @Test
  void largeFilesAreVerifiedOneAtATimeInBoundedMemory() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    oneRun(dir, "a.json");
    int n = 12;
    for (int i = 0; i < n; i++) {
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve("big-" + i + ".json").toFile(), "rw")) {
        f.setLength(VerifyChainCommand.MAX_FILE_BYTES - 1);
        f.writeBytes("x" + i); // files that differ: byte-identical copies would be verified only once
      }
    }
    ChildJvm.Result r = ChildJvm.run(tmp, java.util.Map.of(), List.of("-Xmx160m", "-XX:+UseSerialGC"), 300,
        "verify-chain", "--dir", dir.toString(), "--key", tmp.resolve("k.pub").toString(), "--json");
    assertFalse(r.stderr().contains("OutOfMemoryError"), r.stderr());
    assertEquals(ExitCode.CHECK_FAILED, r.code(), r.stderr());
    JsonObject report = (JsonObject) Json.parse(r.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(n, ((JsonArray) report.getOrNull("problems")).size(), r.stdout());
    assertEquals(1, ((JsonArray) report.getOrNull("runs")).size(), r.stdout());
  }
}
