package dev.airid.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.verify.Check;
import dev.airid.verify.VerificationResult;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * airid's own keyless checks (certificate chain, embedded SCT, log entry, timestamps, identity) on the third-party
 * sigstore-conformance cases that are DSSE bundles with a certificate (v0.3, and v0.2 with intoto log entries and a
 * certificate chain): real Fulcio certificates, real CT and Rekor signatures, against the trust roots the cases name.
 * A failing case must fail in the signer's checks, before any statement check.
 */
class CertificateTrustConformanceTest {

  static Stream<SigstoreConformanceTest.Case> dsseCertificateCases() throws Exception {
    return SigstoreConformanceTest.all().stream()
        .filter(c -> c.form().equals("path"))
        .filter(c -> c.name().startsWith("dsse-") || c.name().startsWith("happy-path-intoto-in-dsse") || c.name().startsWith("rekor2-dsse")
            || c.name().startsWith("intoto-"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dsseCertificateCases")
  void certificateChecksGiveTheExpectedVerdict(SigstoreConformanceTest.Case c) throws Exception {
    VerificationResult r = SigstoreConformanceTest.result(c);
    String why = r.checks().stream().map(Check::toString).collect(Collectors.joining("\n"));
    assertEquals(c.expectSuccess(), r.verified(), why);
    if (c.expectSuccess()) {
      assertTrue(r.checks().stream().anyMatch(k -> k.name().equals("certificate.issuer") && k.passed()), why);
      assertEquals(VerificationResult.Kind.SIGSTORE_ATTESTATION, r.kind(), why);
    } else {
      String failed = r.firstFailure().orElseThrow().name();
      assertTrue(failed.startsWith("tlog.") || failed.startsWith("certificate.") || failed.startsWith("timestamp.")
          || failed.equals("envelope.signature"), failed + "\n" + why);
    }
  }
}
