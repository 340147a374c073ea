package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'airid trust update' over real HTTP on loopback: sigstore-java's TUF client checks a TUF repository that serves a
 * private Sigstore instance's trusted root, airid caches it, and keyless commands then work without --trusted-root.
 */
class TrustUpdateTest {

  @TempDir static Path shared;
  @TempDir Path tmp;
  static SigstoreMock mock;

  @BeforeAll
  static void start() throws Exception {
    mock = SigstoreMock.start(Files.createDirectories(shared.resolve("mock")));
  }

  @AfterAll
  static void stop() throws Exception {
    mock.close();
  }

  CliTest.Result run(Path cache, String... args) {
    return CliTest.airidWithEnv(Map.of("AIRID_TRUST_CACHE", cache.toString()), new byte[0], args);
  }

  @Test
  void updateCachesTheRootThatKeylessCommandsThenUse() throws Exception {
    Path cache = tmp.resolve("cache");
    String run = tmp.resolve("run.json").toString();
    String[] sign = {"attest", CliTest.example().toString(), "--keyless", "--identity-token", SigstoreMock.token(), "--out", run};
    String[] verify = {"verify", "--bundle", run, "--certificate-identity", SigstoreMock.SUBJECT, "--certificate-oidc-issuer", SigstoreMock.ISSUER};

    CliTest.Result before = run(cache, verify);
    assertEquals(ExitCode.BAD_INPUT, before.code());
    assertTrue(before.stderr().contains("--trusted-root") && before.stderr().contains("airid trust update"), before.stderr());

    try (TufRepository tuf = new TufRepository(tmp.resolve("tuf"))) {
      tuf.publish(Files.readAllBytes(mock.trustedRoot()), Files.readAllBytes(mock.signingConfig()));
      CliTest.Result updated = run(cache, "trust", "update", "--mirror", tuf.url().toString(), "--tuf-root", tuf.rootFile().toString());
      assertEquals(0, updated.code(), updated.stderr());
      assertTrue(updated.out().contains("2 certificate authorities, 1 transparency logs, 1 CT logs"), updated.out());
    }
    assertEquals(-1, Files.mismatch(cache.resolve("trusted_root.json"), mock.trustedRoot()), "the cached root is the served one");

    // Signing config and trusted root both come from the cache now.
    CliTest.Result signed = run(cache, sign);
    assertEquals(0, signed.code(), signed.stderr());
    CliTest.Result verified = run(cache, verify);
    assertEquals(0, verified.code(), verified.stderr());
  }

  @Test
  void aRepositoryThatDoesNotVerifyLeavesTheCacheAsItWas() throws Exception {
    Path cache = tmp.resolve("cache");
    try (TufRepository tuf = new TufRepository(tmp.resolve("good"))) {
      tuf.publish(Files.readAllBytes(mock.trustedRoot()), Files.readAllBytes(mock.signingConfig()));
      assertEquals(0, run(cache, "trust", "update", "--mirror", tuf.url().toString(), "--tuf-root", tuf.rootFile().toString()).code());
    }
    byte[] cached = Files.readAllBytes(cache.resolve("trusted_root.json"));
    // Targets signed by a key the TUF root does not name: an attacker's trusted root must not get in.
    try (TufRepository evil = new TufRepository(tmp.resolve("evil"))) {
      evil.publish(Files.readAllBytes(mock.foreignTrustedRoot()), Files.readAllBytes(mock.signingConfig()),
          KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
      CliTest.Result r = run(tmp.resolve("cache2"), "trust", "update", "--mirror", evil.url().toString(), "--tuf-root", evil.rootFile().toString());
      assertEquals(ExitCode.OPERATION_FAILED, r.code(), r.stderr());
      assertTrue(r.stderr().contains("TUF update") && r.stderr().contains("unchanged"), r.stderr());
      assertTrue(Files.notExists(tmp.resolve("cache2/trusted_root.json")));
    }
    // A target whose bytes do not match targets.json: the hash check refuses it.
    try (TufRepository tuf = new TufRepository(tmp.resolve("swapped"))) {
      tuf.publish(Files.readAllBytes(mock.trustedRoot()), Files.readAllBytes(mock.signingConfig()));
      try (var files = Files.list(tmp.resolve("swapped/targets"))) {
        Path target = files.filter(f -> f.getFileName().toString().endsWith(".trusted_root.json")).findFirst().orElseThrow();
        Files.write(target, Files.readAllBytes(mock.foreignTrustedRoot()));
      }
      CliTest.Result r = run(cache, "trust", "update", "--mirror", tuf.url().toString(), "--tuf-root", tuf.rootFile().toString());
      assertEquals(ExitCode.OPERATION_FAILED, r.code(), r.stderr());
    }
    assertEquals(-1, Files.mismatch(cache.resolve("trusted_root.json"), writeTemp(cached)), "the cache is unchanged");
  }

  private Path writeTemp(byte[] b) throws Exception {
    Path p = Files.createTempFile(tmp, "cached", ".json");
    Files.write(p, b);
    return p;
  }
}
