package dev.airid.cli;

import static dev.airid.cli.CliTest.airid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.keys.KeyFiles;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'airid attest' of a large declaration, killed with SIGKILL at many points in a real child JVM: the target is then
 * absent or complete (it verifies), never partial; and the temporary files that killed writes leave beside it are
 * removed by the next write to the same target.
 */
class CrashSafetyTest {

  @TempDir Path tmp;

  /** When to kill: a time after the start, after the temporary file appeared (writing), or after the target appeared. */
  enum After { START, TEMPORARY_FILE, TARGET }

  record Kill(After after, long millis) {}

  List<Path> temporaryFiles() throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".run.json") && p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  @Test
  void aKilledAttestLeavesTheTargetAbsentOrCompleteAndTheNextWriteCleansUp() throws Exception {
    assertEquals(0, airid("keygen", "--out", tmp.resolve("k").toString()).code());
    // 8 MiB of context: the bundle is about 11 MiB, so writing and forcing it to disk takes long enough to interrupt.
    String big = "x".repeat(8 << 20);
    byte[] declaration = ("{\"_type\":\"https://airid.dev/ai-run-declaration/v1\",\"model\":{\"name\":\"m\"},"
        + "\"inputs\":[{\"role\":\"user\",\"content\":\"" + big + "\"}]}").getBytes(StandardCharsets.UTF_8);
    Path decl = Files.write(tmp.resolve("big.declaration.json"), declaration);
    var identity = Declaration.parse(declaration).identity();
    Verifier verifier = Verifier.of(TrustPolicy.of(KeyFiles.readPublic(tmp.resolve("k.pub"))));
    Path target = tmp.resolve("run.json");

    List<Kill> plan = List.of(new Kill(After.START, 300), new Kill(After.TEMPORARY_FILE, 0), new Kill(After.TEMPORARY_FILE, 2),
        new Kill(After.TEMPORARY_FILE, 8), new Kill(After.TEMPORARY_FILE, 25), new Kill(After.TEMPORARY_FILE, 60),
        new Kill(After.TEMPORARY_FILE, 150), new Kill(After.TARGET, 0));
    int absent = 0;
    int complete = 0;
    int leftBehind = 0;
    for (Kill k : plan) {
      Files.deleteIfExists(target);
      Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
          "attest", decl.toString(), "--key", tmp.resolve("k.key").toString(), "--out", target.toString(), "--force"))
          .directory(tmp.toFile()).redirectOutput(new File("/dev/null")).redirectError(tmp.resolve("stderr.txt").toFile()).start();
      List<Path> before = temporaryFiles();
      long deadline = System.nanoTime() + 120_000_000_000L; // a guard against a hang, not a measurement
      while (p.isAlive() && System.nanoTime() < deadline
          && (k.after() == After.TEMPORARY_FILE && before.containsAll(temporaryFiles()) || k.after() == After.TARGET && !Files.exists(target))) {
        Thread.sleep(1);
      }
      Thread.sleep(k.millis());
      p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
      p.waitFor();
      if (Files.exists(target)) {
        VerificationResult r = verifier.verify(Provenance.split(Files.readAllBytes(target)), Optional.empty());
        assertTrue(r.verified(), k + ": the target exists, so it must be complete: " + r.firstFailure());
        assertEquals(Optional.of(identity), r.identity());
        complete++;
      } else {
        absent++;
      }
      leftBehind += temporaryFiles().isEmpty() ? 0 : 1;
    }
    System.out.printf("crash safety: %d kills, target absent %d, complete %d, temporary files left by %d%n", plan.size(), absent,
        complete, leftBehind);
    assertEquals(plan.size(), absent + complete);
    assertTrue(leftBehind > 0, "no kill landed while the bundle was being written; the test proved nothing");
    assertTrue(complete > 0, "the kill after the rename leaves a complete target");

    // The next write to the same target removes what the killed writes left, and leaves the complete bundle.
    CliTest.Result last = airid("attest", decl.toString(), "--key", tmp.resolve("k.key").toString(), "--out", target.toString(), "--force");
    assertEquals(0, last.code(), last.stderr());
    assertEquals(List.of(), temporaryFiles(), "temporary files of killed writes are removed by the next write");
    assertTrue(verifier.verify(Provenance.split(Files.readAllBytes(target)), Optional.empty()).verified());
  }
}
