package dev.airid.sigstore.internal;

import dev.airid.verify.CheckNames;
import dev.airid.sigstore.CertificateIdentity;
import dev.airid.sigstore.TrustedRoot;
import dev.airid.verify.SignedBy;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of a signing certificate once the times it was used are known (spec/keyless.md §4): {@code
 * certificate.validity}, {@code certificate.chain}, {@code certificate.sct}, {@code certificate.identity}, {@code
 * certificate.issuer}. Stateless.
 */
final class CertificateChecks {

  private CertificateChecks() {}

  /**
   * Runs the checks in order and stops at the first failure.
   *
   * @param times every time a log or timestamp authority vouched for, at least one; the first is the signing time
   * @return the signer the certificate names, if every check passed
   */
  static Optional<SignedBy.Identity> check(X509Certificate cert, List<Instant> times, TrustedRoot root,
      List<CertificateIdentity> identities, CheckSink checks) {
    Instant from = cert.getNotBefore().toInstant();
    Instant until = cert.getNotAfter().toInstant();
    Optional<Instant> outside = times.stream().filter(t -> t.isBefore(from) || t.isAfter(until)).findFirst();
    if (!checks.check(CheckNames.CERTIFICATE_VALIDITY, outside.isEmpty(), outside.isEmpty()
        ? "signed at " + times.get(0) + ", within the certificate's validity " + from + " – " + until
        : "signed at " + outside.get() + ", outside the certificate's validity " + from + " – " + until + " (expired or not yet valid)")) {
      return Optional.empty();
    }
    Optional<X509Certificate> issuer = chain(cert, times.get(0), root);
    if (!checks.check(CheckNames.CERTIFICATE_CHAIN, issuer.isPresent(), issuer.isPresent()
        ? "issued by " + issuer.get().getSubjectX500Principal().getName() + ", a CA of the trusted root valid at " + times.get(0)
        : "the certificate does not chain to a certificate authority of the trusted root valid at " + times.get(0))) {
      return Optional.empty();
    }
    String sctProblem;
    try {
      List<FulcioCertificate.Sct> scts = FulcioCertificate.scts(cert, issuer.get(), root.ctlogs());
      sctProblem = scts.isEmpty() ? "the certificate has no embedded SCT"
          : scts.stream().anyMatch(FulcioCertificate.Sct::verified) ? null
          : "no embedded SCT is signed by a CT log of the trusted root";
    } catch (java.security.cert.CertificateParsingException e) {
      sctProblem = e.getMessage();
    }
    if (!checks.check(CheckNames.CERTIFICATE_SCT, sctProblem == null, sctProblem == null ? "embedded SCT from a trusted CT log" : sctProblem)) {
      return Optional.empty();
    }
    return identity(cert, identities, checks);
  }

  private static Optional<SignedBy.Identity> identity(X509Certificate cert, List<CertificateIdentity> identities, CheckSink checks) {
    List<String> sans;
    try {
      sans = FulcioCertificate.subjects(cert);
    } catch (GeneralSecurityException e) {
      sans = List.of();
    }
    Optional<String> issuer = FulcioCertificate.issuer(cert);
    List<String> subjects = sans;
    List<CertificateIdentity> bySubject = identities.stream().filter(i -> subjects.stream().anyMatch(i::matchesSubject)).toList();
    if (!checks.check(CheckNames.CERTIFICATE_IDENTITY, !bySubject.isEmpty(), !bySubject.isEmpty()
        ? "subject " + String.join(", ", sans) + " is an expected identity"
        : "subject " + (sans.isEmpty() ? "(none)" : String.join(", ", sans)) + " is not an expected identity: " + identities)) {
      return Optional.empty();
    }
    boolean ok = issuer.isPresent() && bySubject.stream().anyMatch(i -> i.issuer().equals(issuer.get()));
    if (!checks.check(CheckNames.CERTIFICATE_ISSUER, ok, ok ? "issued for OIDC issuer " + issuer.get()
        : "OIDC issuer " + issuer.orElse("(none)") + " is not the expected issuer of " + String.join(", ", sans) + ": " + bySubject)) {
      return Optional.empty();
    }
    return Optional.of(new SignedBy.Identity(sans, issuer.get()));
  }

  /** The CA certificate that issued {@code cert}, if a PKIX path to a CA of the trusted root holds at {@code time}. */
  private static Optional<X509Certificate> chain(X509Certificate cert, Instant time, TrustedRoot root) {
    for (TrustedRoot.CertificateAuthority ca : root.certificateAuthorities()) {
      if (!ca.validAt(time)) {
        continue;
      }
      List<X509Certificate> chain = ca.chain();
      try {
        List<X509Certificate> path = new ArrayList<>();
        path.add(cert);
        path.addAll(chain.subList(0, chain.size() - 1));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(chain.get(chain.size() - 1), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(time));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        return Optional.of(chain.get(0));
      } catch (GeneralSecurityException e) {
        // not this CA: try the next
      }
    }
    return Optional.empty();
  }
}
