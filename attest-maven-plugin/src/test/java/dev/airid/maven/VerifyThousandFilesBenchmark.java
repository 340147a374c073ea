package dev.airid.maven;

import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.verify.VerificationResult;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-command benchmark: verifying 1,000 small generated files, each with its provenance sidecar, once through
 * {@code mvn airid:verify} and once through the library in this JVM with the same number of threads. Prints both
 * times and their ratio. The baseline runs in a fresh JVM, as Maven's is, so both pay the same JIT warm-up
 * (the plugin's own "verification took" figure, so Maven's startup is not counted; it is
 * printed separately). Not a test: run with
 *
 * <pre>./mvnw -B -q -pl attest-maven-plugin -am test-compile exec:exec -Pbench-plugin</pre>
 */
public final class VerifyThousandFilesBenchmark {

  private VerifyThousandFilesBenchmark() {}

  /** Verifies every file of {@code dir} against its sidecar; returns the time in ms. */
  static double libraryRun(Path dir, Path pub, int threads) throws Exception {
    long t0 = System.nanoTime();
    Verifier verifier = Verifier.of(TrustPolicy.of(KeyFiles.readPublic(Files.readAllBytes(pub), pub.toString(), Optional.empty())));
    List<Path> targets;
    try (var s = Files.list(dir)) {
      targets = s.filter(p -> !p.toString().endsWith(".airid.jsonl")).sorted().toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Boolean>> fs = new ArrayList<>();
    for (Path t : targets) {
      fs.add(pool.submit(() -> {
        VerificationResult r = verifier.verify(Files.readAllBytes(t.resolveSibling(t.getFileName() + ".airid.jsonl")),
            dev.airid.verify.Artifact.ofFile(t));
        return r.verified();
      }));
    }
    for (Future<Boolean> f : fs) {
      if (!f.get()) {
        throw new IllegalStateException("benchmark provenance does not verify");
      }
    }
    pool.shutdown();
    return (System.nanoTime() - t0) / 1e6;
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--library-once")) {
      // A fresh JVM, like Maven's: the baseline pays the same JIT warm-up as the plugin does.
      System.out.printf("%.1f%n", libraryRun(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(System.getProperty("threads", "2"))));
      return;
    }
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
    // -Dbench.files=N (default 1000): the per-file cost of one file and of a thousand differ by the JVM's warm-up.
    int files = Integer.getInteger("bench.files", 1000);
    int threads = Runtime.getRuntime().availableProcessors();
    Path project = Files.createTempDirectory("airid-bench");
    Path gen = Files.createDirectories(project.resolve("src/generated"));
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    Path pub = project.resolve("bench.pub");
    Files.write(pub, KeyFiles.publicPem(key.verificationKey()));
    Attestor attestor = new Attestor(key);
    Bundle run = attestor.attestDeclaration(Declaration.builder("gpt-4o").input("user", "Generate docs").build(), null);
    List<Path> targets = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      Path f = gen.resolve(String.format("doc-%04d.md", i));
      byte[] content = ("# Generated page " + i + "\n\nSome generated text.\n").getBytes(StandardCharsets.UTF_8);
      Files.write(f, content);
      Bundle out = attestor.attestOutputs(run, List.of(Subject.sha256(f.getFileName().toString(), Sha256.hexOf(content))),
          ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED));
      Files.write(f.resolveSibling(f.getFileName() + ".airid.jsonl"), Provenance.join(List.of(run, out)));
      targets.add(f);
    }
    Files.writeString(project.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>dev.airid.bench</groupId><artifactId>bench</artifactId><version>1.0</version><packaging>pom</packaging>
          <build><plugins><plugin>
            <groupId>dev.airid</groupId><artifactId>airid-maven-plugin</artifactId><version>%s</version>
            <configuration>
              <files><file>${project.basedir}/src/generated</file></files>
              <trustedKeys><trustedKey>${project.basedir}/bench.pub</trustedKey></trustedKeys>
              <threads>%d</threads>
            </configuration>
          </plugin></plugins></build>
        </project>
        """.formatted(System.getProperty("airid.version", "0.1.0-SNAPSHOT"), threads));

    // Library: same work (hash each file, read and verify its sidecar), same threads, in a fresh JVM each time;
    // and, for reference, warmed up in this JVM.
    double library = Double.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dthreads=" + threads,
          "-cp", System.getProperty("java.class.path"), VerifyThousandFilesBenchmark.class.getName(), "--library-once",
          gen.toString(), pub.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(out);
      }
      library = Math.min(library, Double.parseDouble(out));
    }
    double warm = Double.MAX_VALUE;
    for (int round = 0; round < 8; round++) {
      double ms = libraryRun(gen, pub, threads);
      if (round >= 3) {
        warm = Math.min(warm, ms);
      }
    }

    // Plugin: a real Maven run; best of 3.
    double plugin = Double.MAX_VALUE;
    double whole = Double.MAX_VALUE;
    Pattern took = Pattern.compile("airid: verification took ([0-9.]+) ms");
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      List<String> mvn = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-o", "-f", project.resolve("pom.xml").toString()));
      if (System.getProperty("maven.repo.local") != null) {
        mvn.add("-Dmaven.repo.local=" + System.getProperty("maven.repo.local")); // where this build installed the plugin
      }
      mvn.add("dev.airid:airid-maven-plugin:" + System.getProperty("airid.version", "0.1.0-SNAPSHOT") + ":verify");
      Process p = new ProcessBuilder(mvn).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("mvn airid:verify failed:\n" + log);
      }
      whole = Math.min(whole, (System.nanoTime() - t0) / 1e6);
      Matcher m = took.matcher(log);
      if (!m.find()) {
        throw new IllegalStateException("no timing in the plugin log:\n" + log);
      }
      plugin = Math.min(plugin, Double.parseDouble(m.group(1)));
    }
    System.out.printf("verify %d files with sidecar provenance, %d threads:%n", files, threads);
    System.out.printf("  library, fresh JVM (baseline) %8.1f ms%n", library);
    System.out.printf("  library, warmed-up JVM        %8.1f ms   (for reference)%n", warm);
    System.out.printf("  airid:verify (goal execution) %8.1f ms   ratio %.2fx   (target <= 1.3x)%n", plugin, plugin / library);
    System.out.printf("  whole 'mvn airid:verify' run  %8.1f ms   (includes Maven and JVM start-up)%n", whole);
    System.out.printf("  per file: airid:verify %.2f ms, library in a fresh JVM %.2f ms%n", plugin / files, library / files);
  }
}
