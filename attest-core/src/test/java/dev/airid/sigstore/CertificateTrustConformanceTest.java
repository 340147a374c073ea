package dev.airid.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airid.attest.Bundle;
import dev.airid.attest.Check;
import dev.airid.json.Json;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * airid's own keyless checks ({@link CertificateTrust}: certificate chain, embedded SCT, log entry, timestamps,
 * identity) on the third-party sigstore-conformance cases that are DSSE bundles with a certificate (v0.3, and v0.2
 * with intoto log entries): real Fulcio certificates, real CT and Rekor signatures, against the trust roots the cases
 * name. A failing case must fail in these checks, before any statement check.
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
  void certificateTrustGivesTheExpectedVerdict(SigstoreConformanceTest.Case c) throws Exception {
    // v0.2 bundles (the intoto-* cases) are read as v0.3, as KeylessBundleVerifier reads them.
    Bundle bundle = Bundle.parse(KeylessBundleVerifier.asV03(Json.parse(Files.readAllBytes(SigstoreConformanceTest.conformance(c.get("bundle"))))));
    TrustedRoot root = TrustedRoot.read(SigstoreConformanceTest.rootOf(c));
    List<Check> checks = new ArrayList<>();
    new CertificateTrust(root, List.of(CertificateIdentity.exact(c.get("identity"), c.get("issuer"))), Instant.now())
        .verify(bundle, (n, ok, d) -> checks.add(new Check(n, 0, ok ? Check.Status.PASS : Check.Status.FAIL, d)) && ok);
    boolean verified = !checks.isEmpty() && checks.stream().allMatch(Check::passed) && checks.get(checks.size() - 1).name().equals("certificate.issuer");
    assertEquals(c.expectSuccess(), verified, () -> checks.stream().map(Check::toString).collect(Collectors.joining("\n")));
  }
}
