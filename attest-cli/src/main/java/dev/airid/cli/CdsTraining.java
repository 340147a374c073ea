package dev.airid.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run for the class-data-sharing (AppCDS) archive that the build writes beside {@code airid.jar}: the
 * main job of the quickstart (identity, key, attest, bind an output, verify) for Ed25519 and ECDSA P-256, run in one
 * JVM started with {@code -XX:ArchiveClassesAtExit}, so that the archive holds the classes those commands load, parsed
 * and verified once at build time instead of at every start. {@code bin/airid} uses the archive when the JVM accepts it.
 *
 * <p>Usage: {@code java -XX:ArchiveClassesAtExit=airid.jsa -cp airid.jar dev.airid.cli.CdsTraining EXAMPLES_DIR}. Works
 * in a temporary directory that it deletes; exits non-zero if any command fails, so a broken build is noticed here.
 */
final class CdsTraining {

  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    Path example = Path.of(args[0], "code-review.declaration.json").toAbsolutePath();
    Path policy = Path.of(args[0], "policy.yaml").toAbsolutePath();
    Path work = Files.createTempDirectory("airid-cds");
    try {
      String w = work.toString() + "/";
      Files.writeString(work.resolve("review.md"), "1. app.py line 13: eval() on a request parameter.\n");
      run("id", example.toString());
      run("id", "--json", example.toString());
      run("canon", example.toString());
      run("policy", "check", example.toString(), "--policy", policy.toString());
      for (String alg : new String[] {"ed25519", "ecdsa-p256"}) {
        String k = w + alg;
        run("keygen", "--algorithm", alg, "--out", k);
        run("attest", example.toString(), "--key", k + ".key", "--redact", "/instructions", "--out", k + ".run.json");
        run("attest-output", "--run", k + ".run.json", "--key", k + ".key", "--out", k + ".airid.jsonl", w + "review.md");
        run("verify", "--bundle", k + ".run.json", "--key", k + ".pub");
        run("verify", w + "review.md", "--bundle", k + ".airid.jsonl", "--key", k + ".pub", "--json");
        run("inspect", k + ".run.json");
      }
      run("verify", "--bundle", w + "ed25519.run.json", "--key", w + "ecdsa-p256.pub"); // a failing verification, on purpose
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void run(String... args) {
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
    int code = Main.run(Map.of(), new ByteArrayInputStream(new byte[0]), sink, sink, args);
    boolean expectFailure = args[0].equals("verify") && args[2].endsWith("ed25519.run.json") && args[4].endsWith("ecdsa-p256.pub");
    if ((code != 0) != expectFailure) {
      throw new IllegalStateException("training command failed (exit " + code + "): airid " + String.join(" ", args));
    }
  }
}
