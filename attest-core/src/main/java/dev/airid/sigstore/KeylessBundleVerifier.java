package dev.airid.sigstore;

import dev.airid.InputRejectedException;
import dev.airid.attest.Check;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonValue;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.strings.StringMatcher;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a Sigstore bundle signed keylessly (a Fulcio certificate for an OIDC identity), offline, against a trusted
 * root file and an expected identity and issuer. sigstore-java does the certificate chain, SCT, log entry, timestamp
 * and identity checks; before it runs, we add what its 2.0.0 release skips: the trusted root's transparency logs must
 * have a validity start, and no log entry may be integrated in the future.
 */
public final class KeylessBundleVerifier {

  private static final Duration SKEW = Duration.ofMinutes(1);

  /** The expected signer: SAN exactly {@code identity}, or matching the regular expression, and the OIDC issuer. */
  public record Identity(String identity, boolean regexp, String issuer) {
    public Identity {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(issuer, "issuer");
    }
  }

  private final Path trustedRoot;
  private final Identity expected;
  private final Instant now;

  public KeylessBundleVerifier(Path trustedRoot, Identity expected, Instant now) {
    this.trustedRoot = Objects.requireNonNull(trustedRoot, "trustedRoot");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.now = Objects.requireNonNull(now, "now");
  }

  /** Every check, in order; verified when all passed. */
  public List<Check> verify(byte[] bundleJson, byte[] artifactSha256) {
    List<Check> checks = new ArrayList<>();
    try {
      TrustedRoot.parse(Json.parse(Files.readAllBytes(trustedRoot)));
      checks.add(new Check("trustedRoot", 0, Check.Status.PASS, trustedRoot.getFileName().toString()));
    } catch (InputRejectedException | java.io.IOException e) {
      checks.add(new Check("trustedRoot", 0, Check.Status.FAIL, e.getMessage()));
      return checks;
    }
    java.security.cert.X509Certificate cert;
    JsonObject vm;
    try {
      vm = (JsonObject) ((JsonObject) Json.parse(bundleJson)).getOrNull("verificationMaterial");
      cert = certificate(vm);
    } catch (InputRejectedException | RuntimeException | java.security.cert.CertificateException e) {
      checks.add(new Check("bundle.json", 0, Check.Status.FAIL, "malformed bundle: " + e.getMessage()));
      return checks;
    }
    if (cert == null) {
      checks.add(new Check("bundle.certificate", 0, Check.Status.FAIL,
          "the bundle is signed with a bare public key; it cannot satisfy an identity, verify it with the key"));
      return checks;
    }
    checks.add(new Check("bundle.certificate", 0, Check.Status.PASS, "signing certificate present"));
    // sigstore-java 2.0.0 does not check, for entries that carry only a signed entry timestamp, that the log integrated
    // the entry while the short-lived certificate was valid; nor that the time is not in the future.
    JsonValue entries = vm.getOrNull("tlogEntries");
    if (entries instanceof JsonArray a) {
      for (JsonValue e : a) {
        JsonValue it = ((JsonObject) e).getOrNull("integratedTime");
        if (it == null) {
          continue;
        }
        Instant t = Instant.ofEpochSecond(Tlog.longOf(it));
        String problem = t.isAfter(now.plus(SKEW)) ? "integrated time " + t + " is in the future"
            : t.isBefore(cert.getNotBefore().toInstant()) || t.isAfter(cert.getNotAfter().toInstant())
                ? "integrated time " + t + " is outside the certificate's validity " + cert.getNotBefore().toInstant() + " – "
                    + cert.getNotAfter().toInstant()
                : null;
        if (problem != null) {
          checks.add(new Check("tlog.integratedTime", 0, Check.Status.FAIL, problem));
          return checks;
        }
      }
    }
    checks.add(new Check("tlog.integratedTime", 0, Check.Status.PASS, "every entry integrated while the certificate was valid"));
    try {
      Bundle bundle = Bundle.from(new StringReader(new String(bundleJson, StandardCharsets.UTF_8)));
      KeylessVerifier verifier = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(trustedRoot)).build();
      VerificationOptions options = VerificationOptions.builder()
          .addCertificateMatchers(VerificationOptions.CertificateMatcher.fulcio()
              .subjectAlternativeName(expected.regexp() ? StringMatcher.regex(expected.identity()) : StringMatcher.string(expected.identity()))
              .issuer(StringMatcher.string(expected.issuer()))
              .build())
          .build();
      verifier.verify(artifactSha256, bundle, options);
      checks.add(new Check("sigstore.keyless", 0, Check.Status.PASS,
          "certificate chain, SCT, log entry, timestamps and identity " + expected.identity() + " verified by sigstore-java"));
    } catch (Exception e) {
      checks.add(new Check("sigstore.keyless", 0, Check.Status.FAIL, describe(e)));
    }
    return checks;
  }

  /** The leaf signing certificate of the bundle, or null for a public-key bundle. */
  private static java.security.cert.X509Certificate certificate(JsonObject vm) throws java.security.cert.CertificateException {
    if (vm == null) {
      return null;
    }
    String raw = null;
    if (vm.getOrNull("certificate") instanceof JsonObject c) {
      raw = ((dev.airid.json.JsonString) c.getOrNull("rawBytes")).value();
    } else if (vm.getOrNull("x509CertificateChain") instanceof JsonObject chain) {
      raw = ((dev.airid.json.JsonString) ((JsonObject) ((JsonArray) chain.getOrNull("certificates")).get(0)).getOrNull("rawBytes")).value();
    }
    if (raw == null) {
      return null;
    }
    return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(raw)));
  }

  private static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null && sb.length() < 400; c = c.getCause()) {
      if (sb.length() > 0) {
        sb.append(": ");
      }
      sb.append(String.valueOf(c.getMessage()).replace('\n', ' '));
    }
    return sb.toString();
  }
}
