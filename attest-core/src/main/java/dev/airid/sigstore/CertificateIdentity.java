package dev.airid.sigstore;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An expected keyless signer: the signing certificate's subject alternative name (an email address or URI), exactly
 * or matching a regular expression, and the OIDC issuer that vouched for it. Both are required: an identity without
 * its issuer means nothing, since any issuer may mint any subject.
 *
 * @param subject the SAN, or a regular expression that the whole SAN must match
 * @param regexp whether {@code subject} is a regular expression (Java syntax, matched against the whole SAN)
 * @param issuer the OIDC issuer URL, compared exactly
 */
public record CertificateIdentity(String subject, boolean regexp, String issuer) {

  public CertificateIdentity {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    if (subject.isEmpty() || issuer.isEmpty()) {
      throw new IllegalArgumentException("a certificate identity needs a non-empty subject and issuer");
    }
    if (regexp) {
      try {
        Pattern.compile(subject);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("invalid identity regular expression: " + e.getDescription());
      }
    }
  }

  /**
   * From configuration that names the subject exactly or as a regular expression: exactly one of {@code exact} and
   * {@code regexp} is non-null. Throws IllegalArgumentException otherwise, or for a bad expression or empty part.
   */
  public static CertificateIdentity of(String exact, String regexp, String issuer) {
    if ((exact == null) == (regexp == null) || issuer == null) {
      throw new IllegalArgumentException("a certificate identity needs exactly one of an exact subject and a subject "
          + "regular expression, and an issuer");
    }
    return exact != null ? exact(exact, issuer) : regexp(regexp, issuer);
  }

  /** An exact subject. */
  public static CertificateIdentity exact(String subject, String issuer) {
    return new CertificateIdentity(subject, false, issuer);
  }

  /** A subject regular expression that the whole SAN must match. */
  public static CertificateIdentity regexp(String subject, String issuer) {
    return new CertificateIdentity(subject, true, issuer);
  }

  /** Whether {@code san} is this identity's subject (exactly, or matching the whole expression). */
  public boolean matchesSubject(String san) {
    return regexp ? Pattern.compile(subject).matcher(san).matches() : subject.equals(san);
  }

  @Override
  public String toString() {
    return (regexp ? "~" + subject : subject) + " (issuer " + issuer + ")";
  }
}
