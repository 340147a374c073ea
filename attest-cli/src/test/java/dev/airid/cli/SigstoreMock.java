package dev.airid.cli;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.airid.testing.Paths2;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * A private Sigstore instance on a free loopback port: test-vectors/verifier-js/sigstore-mock-server.mjs, which serves
 * the Fulcio and Rekor handlers of the npm package @sigstore/mock (written independently of airid) over real HTTP.
 * The instance writes its trusted root and signing configs into {@link #dir()}. Close it to stop the server.
 */
final class SigstoreMock implements AutoCloseable {

  static final String ISSUER = "https://token.airid.test";
  static final String SUBJECT = "https://ci.airid.test/pipelines/review-agent";

  private final Process process;
  private final Path dir;
  final String url;

  private SigstoreMock(Process process, Path dir, String url) {
    this.process = process;
    this.dir = dir;
    this.url = url;
  }

  static SigstoreMock start(Path dir) throws Exception {
    Path js = Paths2.testVectors().resolve("verifier-js");
    Process p = new ProcessBuilder("node", "sigstore-mock-server.mjs", dir.toString())
        .directory(js.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("ready ")) {
      p.destroyForcibly();
      throw new IllegalStateException("the Sigstore mock did not start: " + line);
    }
    return new SigstoreMock(p, dir, line.substring("ready ".length()));
  }

  Path dir() {
    return dir;
  }

  Path trustedRoot() {
    return dir.resolve("trusted_root.json");
  }

  Path signingConfig() {
    return dir.resolve("signing_config.json");
  }

  /** A signing config whose Fulcio issues certificates that expired an hour before they are used. */
  Path staleSigningConfig() {
    return dir.resolve("stale_signing_config.json");
  }

  /** The trusted root of another instance. */
  Path foreignTrustedRoot() {
    return dir.resolve("foreign_trusted_root.json");
  }

  /** An OIDC identity token for {@code subject} from {@code issuer}, signed with a fresh key (the mock decodes only). */
  static String token(String issuer, String subject) throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer).subject(subject).audience("sigstore")
        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  static String token() throws Exception {
    return token(ISSUER, SUBJECT);
  }

  /** Writes a token to a file, for {@code --identity-token @FILE}. */
  Path tokenFile(String token) throws Exception {
    Path f = Files.createTempFile(dir, "token", ".jwt");
    Files.writeString(f, token);
    return f;
  }

  @Override
  public void close() throws java.io.IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
