package dev.airid.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.attest.Attestor;
import dev.airid.sigstore.Bundle;
import dev.airid.attest.ExecutionFacts;
import dev.airid.attest.Subject;
import dev.airid.verify.Verifier;
import dev.airid.verify.TrustPolicy;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.internal.Sha256;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.KeyType;
import dev.airid.keys.SigningKey;
import dev.airid.text.Printable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, finding 4, for the Maven plugin: file names and verification details come from the files being verified,
 * and reach the build log only escaped.
 */
class VerifyMojoLogTest {

  static final String SPOOF = "\u001b[2J\u001b[H\u009b0m\u202e\r\u2066BUILD SUCCESS";

  @TempDir Path tmp;

  /** Log lines, as the mojo wrote them. */
  static final class Captured extends SystemStreamLog {
    final List<String> lines = new ArrayList<>();

    @Override
    public void info(CharSequence c) {
      lines.add(c.toString());
    }

    @Override
    public void warn(CharSequence c) {
      lines.add(c.toString());
    }

    @Override
    public void error(CharSequence c) {
      lines.add(c.toString());
    }
  }

  static void assertPrintable(String text) {
    for (String line : text.split("\n", -1)) {
      assertEquals(Printable.escape(line), line, "a log line with a non-printing character");
    }
  }

  @Test
  void fileNamesAndDetailsAreEscapedInTheLog() throws Exception {
    SigningKey key = KeyFiles.generate(KeyType.ED25519);
    Path pub = tmp.resolve("k.pub");
    Files.write(pub, KeyFiles.publicPem(key.verificationKey()));
    Attestor attestor = new Attestor(key);
    Bundle run = attestor.attestDeclaration(Declaration.builder("m").input("user", "x").build(), null);
    Path gen = Files.createDirectories(tmp.resolve("gen"));
    // A file whose name spoofs the log, with provenance that verifies, and a file whose provenance is spoofed.
    Path named = gen.resolve("notes" + SPOOF + ".md");
    Path tampered = gen.resolve("out.md");
    for (Path f : List.of(named, tampered)) {
      Files.writeString(f, "generated\n" + f.getFileName());
      Bundle out = attestor.attestOutputs(run, List.of(Subject.sha256(f.getFileName().toString(), Sha256.hexOfFile(f))),
          ExecutionFacts.of(ExecutionFacts.Status.SUCCEEDED));
      String provenance = new String(Provenance.join(List.of(run, out)), StandardCharsets.UTF_8);
      if (f.equals(tampered)) {
        provenance = provenance.replace("\"payloadType\":\"application/vnd.in-toto+json\"",
            "\"payloadType\":\"\\u001b[2J\\u001b[H\\u009b0m\\u202e\\r\\u2066BUILD SUCCESS\"");
      }
      Files.writeString(f.resolveSibling(f.getFileName() + Files2.PROVENANCE_SUFFIX), provenance);
    }
    VerifyMojo mojo = new VerifyMojo();
    mojo.project = new MavenProject();
    mojo.project.setFile(tmp.resolve("pom.xml").toFile());
    mojo.files = List.of(gen.toFile());
    mojo.trustedKeys = List.of(pub.toFile());
    mojo.threshold = 1;
    mojo.failOnMissing = true;
    mojo.failOnUnverified = false;
    Captured log = new Captured();
    mojo.setLog(log);
    mojo.execute();
    String all = String.join("\n", log.lines);
    assertPrintable(all);
    assertTrue(all.contains("notes\\u001B[2J\\u001B[H\\u009B0m\\u202E\\r\\u2066BUILD SUCCESS.md"), all);
    assertTrue(all.contains("payloadType \"\\u001B[2J\\u001B[H\\u009B0m\\u202E\\r\\u2066BUILD SUCCESS\""), all);

    mojo.failOnUnverified = true;
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertPrintable(e.getMessage());
    assertTrue(e.getMessage().contains("\\u001B[2J"), e.getMessage());
  }
}
