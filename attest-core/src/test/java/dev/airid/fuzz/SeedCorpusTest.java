package dev.airid.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.InputRejectedException;
import dev.airid.attest.Provenance;
import dev.airid.declaration.Declaration;
import dev.airid.json.Json;
import dev.airid.keys.KeyFiles;
import dev.airid.policy.Policy;
import dev.airid.sigstore.Bundle;
import dev.airid.sigstore.SigningConfig;
import dev.airid.sigstore.TransparencyLogEntry;
import dev.airid.sigstore.TrustedRoot;
import dev.airid.sigstore.internal.SignedNote;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checked-in seed corpus is what {@link SeedCorpus} makes: every generated seed is there, byte for byte, so the
 * corpus cannot drift from the generator (and a changed format shows up as a changed seed). With
 * {@code -Dairid.fuzz.writeSeeds=true} the test writes the seeds instead.
 */
class SeedCorpusTest {

  @Test
  void checkedInSeedsAreTheGeneratedOnes() throws Exception {
    boolean write = Boolean.getBoolean("airid.fuzz.writeSeeds");
    Map<String, Map<String, byte[]>> all = new SeedCorpus().all();
    for (Map.Entry<String, Map<String, byte[]>> target : all.entrySet()) {
      Path dir = SeedCorpus.CORPUS.resolve(target.getKey());
      for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
        Path file = dir.resolve(seed.getKey());
        if (write) {
          Files.createDirectories(dir);
          Files.write(file, seed.getValue());
        } else {
          assertTrue(Files.isRegularFile(file), () -> "missing seed " + file + "; regenerate the corpus (docs/fuzzing.md)");
          if (!seed.getKey().contains("encrypted")) { // encryption draws a fresh IV: such seeds are only checked to exist
            assertArrayEquals(seed.getValue(), Files.readAllBytes(file), () -> "seed " + file + " differs from the generator's");
          }
        }
      }
    }
  }

  /** Every generated seed is accepted by its parser, so that fuzzing starts from inputs that reach deep. */
  @Test
  void everySeedIsAccepted() throws Exception {
    for (Map.Entry<String, Map<String, byte[]>> target : new SeedCorpus().all().entrySet()) {
      for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
        byte[] d = seed.getValue();
        String what = target.getKey() + "/" + seed.getKey();
        try {
          switch (target.getKey()) {
            case "bundle" -> Bundle.parse(d);
            case "logEntry" -> logEntry(d);
            case "checkpoint" -> SignedNote.parse(new String(d, StandardCharsets.UTF_8), "");
            case "trustedRoot" -> TrustedRoot.parse(Json.parse(d));
            case "signingConfig" -> SigningConfig.parse(Json.parse(d), ParsersFuzzTest.NOW);
            case "policy" -> Policy.parse(d, what);
            case "keyFile" -> keyFile(d);
            case "declaration" -> Declaration.parse(d);
            case "provenanceSplit", "verify" -> Provenance.split(d);
            default -> throw new AssertionError("no parser for " + what);
          }
        } catch (InputRejectedException e) {
          throw new AssertionError(what + " is refused: " + e.getMessage(), e);
        }
      }
    }
  }

  /** Some kind airid reads accepts the body. */
  private static void logEntry(byte[] body) throws Exception {
    Exception last = null;
    for (String[] kv : ParsersFuzzTest.KINDS) {
      try {
        ParsersFuzzTest.LOG_ENTRY_BODY.invoke(null, new TransparencyLogEntry(1, new byte[32], kv[0], kv[1], 1, Optional.empty(),
            Optional.empty(), body));
        return;
      } catch (java.lang.reflect.InvocationTargetException e) {
        last = (Exception) e.getCause();
      }
    }
    throw last;
  }

  private static void keyFile(byte[] d) throws Exception {
    try {
      KeyFiles.readPublic(d, "k", Optional.empty());
    } catch (InputRejectedException notPublic) {
      try {
        KeyFiles.readSpki(d, "k");
      } catch (InputRejectedException notDer) {
        KeyFiles.readPrivate(d, "k", ParsersFuzzTest.PASSPHRASE.clone(), Optional.empty());
      }
    }
  }
}
