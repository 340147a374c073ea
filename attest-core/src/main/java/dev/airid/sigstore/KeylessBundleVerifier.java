package dev.airid.sigstore;

import dev.airid.InputRejectedException;
import dev.airid.attest.Check;
import dev.airid.json.Json;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.strings.StringMatcher;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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


  private final Path trustedRoot;
  private final CertificateIdentity expected;
  private final Instant now;

  public KeylessBundleVerifier(Path trustedRoot, CertificateIdentity expected, Instant now) {
    this.trustedRoot = Objects.requireNonNull(trustedRoot, "trustedRoot");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.now = Objects.requireNonNull(now, "now");
  }

  /** The trusted root, read once for all the bundles this instance verifies, and sigstore-java's verifier over it. */
  private static final class Loaded {
    final TrustedRoot root;
    final String problem;
    private final Path file;
    private KeylessVerifier sigstoreJava;

    Loaded(Path file, TrustedRoot root, String problem) {
      this.file = file;
      this.root = root;
      this.problem = problem;
    }

    synchronized KeylessVerifier sigstoreJava() throws Exception {
      if (sigstoreJava == null) {
        sigstoreJava = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(file)).build();
      }
      return sigstoreJava;
    }
  }

  private Loaded loaded;

  private synchronized Loaded load() {
    if (loaded == null) {
      try {
        loaded = new Loaded(trustedRoot, TrustedRoot.read(trustedRoot), null);
      } catch (InputRejectedException | java.io.IOException e) {
        loaded = new Loaded(trustedRoot, null, e.getMessage());
      }
    }
    return loaded;
  }

  /** Every check, in order; verified when all passed. Thread-safe; the trusted root is read on first use. */
  public List<Check> verify(byte[] bundleJson, byte[] artifactSha256) {
    List<Check> checks = new ArrayList<>();
    Loaded loaded = load();
    if (loaded.problem != null) {
      checks.add(new Check("trustedRoot", 0, Check.Status.FAIL, loaded.problem));
      return checks;
    }
    TrustedRoot root = loaded.root;
    checks.add(new Check("trustedRoot", 0, Check.Status.PASS, trustedRoot.getFileName().toString()));
    // A v0.3 DSSE bundle with a certificate is checked by airid's own CertificateTrust, which also covers what
    // sigstore-java 2.0.0 lacks for it (Rekor v2 hashedrekord entries over the PAE, as Rekor v2 logs DSSE).
    // Message signatures go to sigstore-java below; a DSSE bundle never does, even one our reader rejects.
    dev.airid.json.JsonValue json;
    try {
      json = Json.parse(bundleJson);
    } catch (InputRejectedException e) {
      checks.add(new Check("bundle.json", 0, Check.Status.FAIL, "malformed bundle: " + e.getMessage()));
      return checks;
    }
    if (json instanceof dev.airid.json.JsonObject o && o.has("dsseEnvelope")) {
      dev.airid.attest.Bundle own;
      try {
        own = dev.airid.attest.Bundle.parse(asV03(json));
      } catch (InputRejectedException e) {
        checks.add(new Check("bundle.content", 0, Check.Status.FAIL, e.getMessage()));
        return checks;
      }
      if (!(own.material() instanceof dev.airid.attest.Bundle.Certificate)) {
        checks.add(new Check("bundle.certificate", 0, Check.Status.FAIL,
            "the bundle is signed with a bare public key; it cannot satisfy an identity, verify it with the key"));
        return checks;
      }
      return dsse(own, root, artifactSha256, checks);
    }
    // The extra checks read the bundle exactly as sigstore-java reads it (its protobuf parse accepts spellings such as
    // snake_case field names that a second, separate parse could miss), and our strict parser must accept it too.
    Bundle bundle;
    try {
      Json.parse(bundleJson);
      bundle = Bundle.from(new StringReader(new String(bundleJson, StandardCharsets.UTF_8)));
    } catch (InputRejectedException e) {
      checks.add(new Check("bundle.json", 0, Check.Status.FAIL, "malformed bundle: " + e.getMessage()));
      return checks;
    } catch (Exception | StackOverflowError e) {
      // sigstore-java hands certificates to the JDK's parser, which deep indefinite-length nesting overflows.
      checks.add(new Check("bundle.json", 0, Check.Status.FAIL, "not a Sigstore bundle: " + dev.airid.internal.Causes.describe(e)));
      return checks;
    }
    java.security.cert.X509Certificate cert = null;
    java.security.cert.CertPath path = bundle.getCertPath();
    if (path != null && !path.getCertificates().isEmpty()) {
      cert = (java.security.cert.X509Certificate) path.getCertificates().get(0);
    }
    if (cert == null) {
      checks.add(new Check("bundle.certificate", 0, Check.Status.FAIL,
          "the bundle is signed with a bare public key; it cannot satisfy an identity, verify it with the key"));
      return checks;
    }
    checks.add(new Check("bundle.certificate", 0, Check.Status.PASS, "signing certificate present"));
    // sigstore-java 2.0.0 does not check, for entries that carry only a signed entry timestamp, that the log integrated
    // the entry while the short-lived certificate was valid; nor that the time is not in the future.
    if (bundle.getEntries().isEmpty()) {
      checks.add(new Check("tlog.integratedTime", 0, Check.Status.FAIL, "the bundle has no transparency log entry"));
      return checks;
    }
    for (dev.sigstore.rekor.client.RekorEntry e : bundle.getEntries()) {
      Instant t = Instant.ofEpochSecond(e.getIntegratedTime());
      boolean v2WithoutTime = e.getIntegratedTime() == 0;
      String problem = v2WithoutTime ? null // Rekor v2 entries carry no integrated time; their time comes from a TSA
          : t.isAfter(now.plus(Tlog.CLOCK_SKEW)) ? "integrated time " + t + " is in the future"
          : t.isBefore(cert.getNotBefore().toInstant()) || t.isAfter(cert.getNotAfter().toInstant())
              ? "integrated time " + t + " is outside the certificate's validity " + cert.getNotBefore().toInstant() + " – "
                  + cert.getNotAfter().toInstant()
              : null;
      if (problem != null) {
        checks.add(new Check("tlog.integratedTime", 0, Check.Status.FAIL, problem));
        return checks;
      }
    }
    checks.add(new Check("tlog.integratedTime", 0, Check.Status.PASS, "every entry integrated while the certificate was valid"));
    try {
      KeylessVerifier verifier = loaded.sigstoreJava();
      VerificationOptions options = VerificationOptions.builder()
          .addCertificateMatchers(VerificationOptions.CertificateMatcher.fulcio()
              .subjectAlternativeName(expected.regexp() ? StringMatcher.regex(expected.subject()) : StringMatcher.string(expected.subject()))
              .issuer(StringMatcher.string(expected.issuer()))
              .build())
          .build();
      verifier.verify(artifactSha256, bundle, options);
      checks.add(new Check("sigstore.keyless", 0, Check.Status.PASS,
          "certificate chain, SCT, log entry, timestamps and identity " + expected.subject() + " verified by sigstore-java"));
    } catch (Exception | StackOverflowError e) {
      checks.add(new Check("sigstore.keyless", 0, Check.Status.FAIL, dev.airid.internal.Causes.describe(e)));
    }
    return checks;
  }

  /**
   * A v0.2 DSSE bundle with an {@code x509CertificateChain} read as v0.3: the chain's first certificate is the
   * signing certificate (the rest, if sent, are ignored: the trusted root decides which CAs count). Anything else is
   * returned unchanged.
   */
  static dev.airid.json.JsonValue asV03(dev.airid.json.JsonValue json) {
    if (!(json instanceof dev.airid.json.JsonObject o) || !o.has("dsseEnvelope")
        || !(o.getOrNull("mediaType") instanceof dev.airid.json.JsonString mt)
        || !mt.value().equals("application/vnd.dev.sigstore.bundle+json;version=0.2")
        || !(o.getOrNull("verificationMaterial") instanceof dev.airid.json.JsonObject vm)
        || !(vm.getOrNull("x509CertificateChain") instanceof dev.airid.json.JsonObject chain)
        || !(chain.getOrNull("certificates") instanceof dev.airid.json.JsonArray certs) || certs.isEmpty()) {
      return json;
    }
    dev.airid.json.JsonObject.Builder material = dev.airid.json.JsonObject.builder().put("certificate", certs.get(0));
    for (String name : vm.names()) {
      if (!name.equals("x509CertificateChain")) {
        material.put(name, vm.getOrNull(name));
      }
    }
    dev.airid.json.JsonObject.Builder b = dev.airid.json.JsonObject.builder();
    for (String name : o.names()) {
      b.put(name, name.equals("mediaType") ? dev.airid.json.JsonString.of(dev.airid.attest.Bundle.MEDIA_TYPE)
          : name.equals("verificationMaterial") ? material.build() : o.getOrNull(name));
    }
    return b.build();
  }

  private List<Check> dsse(dev.airid.attest.Bundle bundle, TrustedRoot root, byte[] artifactSha256, List<Check> checks) {
    boolean[] failed = {false};
    dev.airid.attest.SignerTrust.Checks sink = (name, ok, detail) -> {
      checks.add(new Check(name, 0, ok ? Check.Status.PASS : Check.Status.FAIL, detail));
      failed[0] |= !ok;
      return ok;
    };
    sink.check("envelope.payloadType", bundle.envelope().payloadType().equals(dev.airid.attest.Dsse.IN_TOTO_PAYLOAD_TYPE),
        bundle.envelope().payloadType());
    if (failed[0]) {
      return checks;
    }
    new CertificateTrust(root, List.of(expected), now)
        .verify(bundle, sink);
    if (failed[0]) {
      return checks;
    }
    String problem;
    try {
      dev.airid.attest.Statement st = bundle.statement();
      problem = st.subjects().stream().anyMatch(sub -> sub.digest().get("sha256") != null && dev.airid.internal.Sha256.isLowerHex64(sub.digest().get("sha256"))
          && java.security.MessageDigest.isEqual(java.util.HexFormat.of().parseHex(sub.digest().get("sha256")), artifactSha256))
          ? null : "no subject of the statement has the artifact's sha256";
    } catch (InputRejectedException e) {
      problem = "the payload is not an in-toto Statement: " + e.getMessage();
    }
    sink.check("statement.subject", problem == null, problem == null ? "the artifact is a subject" : problem);
    return checks;
  }
}
