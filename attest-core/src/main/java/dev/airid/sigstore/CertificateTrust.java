package dev.airid.sigstore;

import dev.airid.attest.Bundle;
import dev.airid.attest.Dsse;
import dev.airid.attest.SignerTrust;
import dev.airid.internal.Sha256;
import dev.airid.json.Json;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import dev.airid.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Trusts Sigstore keyless signers: an airid bundle verifies when its envelope is signed by the key of a short-lived
 * certificate that a trusted certificate authority issued to an expected identity, logged in a trusted certificate
 * transparency log, and the signature is recorded in a trusted transparency log while the certificate was valid.
 * Everything is checked offline against a {@link TrustedRoot}. Each step is a named check:
 *
 * <ol>
 *   <li>{@code envelope.signature}: exactly one signature, by the certificate's key, over the DSSE PAE;
 *   <li>{@code tlog.entries}, then per entry {@code tlog.body} (a {@code hashedrekord} 0.0.1 entry over the PAE or a
 *       {@code dsse} 0.0.1 or {@code intoto} 0.0.2 entry, naming this signature and certificate), {@code tlog.log}, {@code tlog.evidence},
 *       {@code tlog.set}, {@code tlog.inclusion}, {@code tlog.checkpoint};
 *   <li>{@code timestamp.rfc3161} per timestamp, where present;
 *   <li>{@code certificate.validity}: every time the log or a TSA vouches for lies within the certificate's validity;
 *   <li>{@code certificate.chain}: PKIX path to a trusted CA, valid at signing time;
 *   <li>{@code certificate.sct}: an embedded SCT signed by a trusted CT log;
 *   <li>{@code certificate.identity} and {@code certificate.issuer}: the SAN and OIDC issuer are an expected pair.
 * </ol>
 */
public final class CertificateTrust implements SignerTrust {

  private final TrustedRoot root;
  private final List<CertificateIdentity> identities;
  private final Instant now;

  /**
   * @param root the trusted root (CAs, CT logs, transparency logs, TSAs)
   * @param identities the accepted signers; at least one
   * @param now the verification time, to reject log entries and timestamps from the future
   */
  public CertificateTrust(TrustedRoot root, List<CertificateIdentity> identities, Instant now) {
    this.root = Objects.requireNonNull(root, "root");
    this.identities = List.copyOf(identities);
    this.now = Objects.requireNonNull(now, "now");
    if (this.identities.isEmpty()) {
      throw new IllegalArgumentException("at least one certificate identity is required");
    }
  }

  @Override
  public Optional<String> refuses(Bundle.Material material) {
    return material instanceof Bundle.Certificate ? Optional.empty()
        : Optional.of("the bundle is signed with a public key, not keylessly; verify it with the key");
  }

  @Override
  public String describe(Bundle.Material material) {
    Bundle.Certificate c = (Bundle.Certificate) material;
    return "keyless bundle: certificate, " + c.tlogEntries().size() + " log entr" + (c.tlogEntries().size() == 1 ? "y" : "ies")
        + (c.rfc3161Timestamps().isEmpty() ? "" : ", " + c.rfc3161Timestamps().size() + " timestamp(s)");
  }

  @Override
  public void verify(Bundle bundle, Checks checks) {
    Dsse.Envelope env = bundle.envelope();
    byte[] sig = env.signatures().size() == 1 ? env.signatures().get(0).sig() : null;
    if (sig == null) {
      checks.check("envelope.signature", false, "a keyless envelope has exactly one signature, not " + env.signatures().size());
      return;
    }
    verify((Bundle.Certificate) bundle.material(), env.pae(), sig, env, "envelope.signature", checks);
  }

  /**
   * The same checks for a message signature over {@code signedBytes} (a plain Sigstore bundle's artifact): only
   * {@code hashedrekord} entries can match it.
   */
  void verifyMessage(Bundle.Certificate material, byte[] signedBytes, byte[] sig, Checks checks) {
    verify(material, signedBytes, sig, null, "message.signature", checks);
  }

  private void verify(Bundle.Certificate material, byte[] pae, byte[] sig, Dsse.Envelope env, String signatureCheck, Checks checks) {
    X509Certificate cert;
    try {
      cert = FulcioCertificate.parse(material.der());
    } catch (GeneralSecurityException | RuntimeException e) {
      checks.check(signatureCheck, false, "the signing certificate is not a valid X.509 certificate");
      return;
    }
    if (!checks.check(signatureCheck, verify(cert.getPublicKey(), pae, sig),
        "signature by the certificate's " + keyName(cert.getPublicKey()) + " key")) {
      return;
    }
    // Timestamps first: an entry without an integrated time (Rekor v2) takes its signing time from them.
    List<Instant> times = new ArrayList<>();
    for (byte[] token : material.rfc3161Timestamps()) {
      LogEvidence.Stamp s = LogEvidence.timestamp(token, sig, root, now);
      if (!checks.check("timestamp.rfc3161", s.problem() == null, s.problem() == null ? "signed by a trusted TSA at " + s.time() : s.problem())) {
        return;
      }
      times.add(s.time());
    }
    Instant tsaTime = times.isEmpty() ? null : times.get(0);
    if (!checks.check("tlog.entries", !material.tlogEntries().isEmpty(),
        material.tlogEntries().size() + " transparency log entr" + (material.tlogEntries().size() == 1 ? "y" : "ies"))) {
      return;
    }
    for (JsonObject e : material.tlogEntries()) {
      try {
        String problem = body(e, pae, env, sig, cert);
        if (!checks.check("tlog.body", problem == null, problem == null ? kind(e) + " entry of this signature and certificate" : problem)) {
          return;
        }
        LogEvidence.Entry entry = LogEvidence.entry(e, root, now, tsaTime, true, checks);
        if (!entry.ok()) {
          return;
        }
        if (entry.integratedTime() != null) {
          times.add(entry.integratedTime());
        }
      } catch (RuntimeException ex) {
        checks.check("tlog.body", false, "malformed transparency log entry");
        return;
      }
    }
    Instant from = cert.getNotBefore().toInstant();
    Instant until = cert.getNotAfter().toInstant();
    Optional<Instant> outside = times.stream().filter(t -> t.isBefore(from) || t.isAfter(until)).findFirst();
    if (!checks.check("certificate.validity", outside.isEmpty(), outside.isEmpty()
        ? "signed at " + times.get(0) + ", within the certificate's validity " + from + " – " + until
        : "signed at " + outside.get() + ", outside the certificate's validity " + from + " – " + until + " (expired or not yet valid)")) {
      return;
    }
    Optional<X509Certificate> issuer = chain(cert, times.get(0));
    if (!checks.check("certificate.chain", issuer.isPresent(), issuer.isPresent()
        ? "issued by " + issuer.get().getSubjectX500Principal().getName() + ", a CA of the trusted root valid at " + times.get(0)
        : "the certificate does not chain to a certificate authority of the trusted root valid at " + times.get(0))) {
      return;
    }
    String sctProblem;
    try {
      List<FulcioCertificate.Sct> scts = FulcioCertificate.scts(cert, issuer.get(), root.ctlogs());
      sctProblem = scts.isEmpty() ? "the certificate has no embedded SCT"
          : scts.stream().anyMatch(FulcioCertificate.Sct::verified) ? null
          : "no embedded SCT is signed by a CT log of the trusted root";
    } catch (IllegalArgumentException e) {
      sctProblem = e.getMessage();
    }
    if (!checks.check("certificate.sct", sctProblem == null, sctProblem == null ? "embedded SCT from a trusted CT log" : sctProblem)) {
      return;
    }
    identity(cert, checks);
  }

  private void identity(X509Certificate cert, Checks checks) {
    List<String> sans;
    try {
      sans = FulcioCertificate.subjects(cert);
    } catch (GeneralSecurityException | RuntimeException e) {
      sans = List.of();
    }
    Optional<String> issuer = FulcioCertificate.issuer(cert);
    List<String> subjects = sans;
    List<CertificateIdentity> bySubject = identities.stream().filter(i -> subjects.stream().anyMatch(i::matchesSubject)).toList();
    if (!checks.check("certificate.identity", !bySubject.isEmpty(), !bySubject.isEmpty()
        ? "subject " + String.join(", ", sans) + " is an expected identity"
        : "subject " + (sans.isEmpty() ? "(none)" : String.join(", ", sans)) + " is not an expected identity: " + identities)) {
      return;
    }
    boolean ok = issuer.isPresent() && bySubject.stream().anyMatch(i -> i.issuer().equals(issuer.get()));
    checks.check("certificate.issuer", ok, ok ? "issued for OIDC issuer " + issuer.get()
        : "OIDC issuer " + issuer.orElse("(none)") + " is not the expected issuer of " + String.join(", ", sans) + ": " + bySubject);
  }

  /** The CA certificate that issued {@code cert}, if a PKIX path to a CA of the trusted root holds at {@code time}. */
  private Optional<X509Certificate> chain(X509Certificate cert, Instant time) {
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
      } catch (GeneralSecurityException | RuntimeException e) {
        // try the next CA
      }
    }
    return Optional.empty();
  }

  /** Why the entry's body is not about this envelope, signature and certificate; null if it is. */
  private static String body(JsonObject e, byte[] signedBytes, Dsse.Envelope env, byte[] sig, X509Certificate cert) {
    String kind = kind(e);
    JsonObject body;
    try {
      JsonValue parsed = Json.parse(Base64.getDecoder().decode(((JsonString) e.getOrNull("canonicalizedBody")).value()));
      body = (JsonObject) parsed;
    } catch (dev.airid.InputRejectedException | RuntimeException ex) {
      return "the log entry body is not strict JSON";
    }
    if (!kind.equals(str(body, "kind") + "/" + str(body, "apiVersion"))) {
      return "the entry says " + kind + " but its body is " + str(body, "kind") + "/" + str(body, "apiVersion");
    }
    JsonObject spec = (JsonObject) body.getOrNull("spec");
    if (env == null && (kind.startsWith("dsse/") || kind.startsWith("intoto/"))) {
      return "a dsse log entry cannot record a message signature";
    }
    switch (kind) {
      case "hashedrekord/0.0.2" -> {
        // Rekor v2: protobuf JSON, digests and keys in Base64.
        JsonObject v2 = (JsonObject) spec.getOrNull("hashedRekordV002");
        JsonObject data = (JsonObject) v2.getOrNull("data");
        JsonObject s = (JsonObject) v2.getOrNull("signature");
        if (!"SHA2_256".equals(str(data, "algorithm")) || !MessageDigest.isEqual(b64(str(data, "digest")), Sha256.of(signedBytes))) {
          return "the log entry is for other signed bytes";
        }
        if (!MessageDigest.isEqual(b64(str(s, "content")), sig)) {
          return "the log entry holds another signature";
        }
        return sameVerifier((JsonObject) s.getOrNull("verifier"), cert) ? null : "the log entry names another certificate";
      }
      case "dsse/0.0.2" -> {
        JsonObject v2 = (JsonObject) spec.getOrNull("dsseV002");
        JsonObject payloadHash = (JsonObject) v2.getOrNull("payloadHash");
        JsonArray sigs = (JsonArray) v2.getOrNull("signatures");
        if (!"SHA2_256".equals(str(payloadHash, "algorithm"))
            || !MessageDigest.isEqual(b64(str(payloadHash, "digest")), Sha256.of(env.payload()))) {
          return "the log entry is for another payload";
        }
        if (sigs.size() != 1) {
          return "the log entry has " + sigs.size() + " signatures, not one";
        }
        JsonObject s = (JsonObject) sigs.get(0);
        if (!MessageDigest.isEqual(b64(str(s, "content")), sig)) {
          return "the log entry holds another signature";
        }
        return sameVerifier((JsonObject) s.getOrNull("verifier"), cert) ? null : "the log entry names another certificate";
      }
      case "hashedrekord/0.0.1" -> {
        // What Rekor v2, and Sigstore clients for large payloads, log for DSSE: the digest of the signed bytes (PAE).
        return LogEvidence.hashedRekordV1Problem(spec, Sha256.of(signedBytes), sig, pem -> sameSigner(pem, cert));
      }
      case "dsse/0.0.1" -> {
        JsonObject payloadHash = (JsonObject) spec.getOrNull("payloadHash");
        JsonArray sigs = (JsonArray) spec.getOrNull("signatures");
        if (!"sha256".equals(str(payloadHash, "algorithm")) || !Sha256.hexOf(env.payload()).equals(str(payloadHash, "value"))) {
          return "the log entry is for another payload";
        }
        if (sigs.size() != 1) {
          return "the log entry has " + sigs.size() + " signatures, not one";
        }
        JsonObject s = (JsonObject) sigs.get(0);
        if (!MessageDigest.isEqual(Base64.getDecoder().decode(str(s, "signature")), sig)) {
          return "the log entry holds another signature";
        }
        return sameSigner(str(s, "verifier"), cert) ? null : "the log entry names another certificate";
      }
      case "intoto/0.0.2" -> {
        // Rekor's intoto entries store the envelope's payload and signature Base64-encoded twice.
        JsonObject content = (JsonObject) spec.getOrNull("content");
        JsonObject payloadHash = (JsonObject) content.getOrNull("payloadHash");
        JsonArray sigs = (JsonArray) ((JsonObject) content.getOrNull("envelope")).getOrNull("signatures");
        if (!"sha256".equals(str(payloadHash, "algorithm")) || !Sha256.hexOf(env.payload()).equals(str(payloadHash, "value"))) {
          return "the log entry is for another payload";
        }
        if (sigs.size() != 1) {
          return "the log entry has " + sigs.size() + " signatures, not one";
        }
        JsonObject s = (JsonObject) sigs.get(0);
        if (!MessageDigest.isEqual(b64(new String(b64(str(s, "sig")), StandardCharsets.US_ASCII)), sig)) {
          return "the log entry holds another signature";
        }
        return sameSigner(str(s, "publicKey"), cert) ? null : "the log entry names another certificate";
      }
      default -> {
        return "log entry kind " + kind + " is not supported for airid attestations";
      }
    }
  }

  /** Whether Base64 PEM names this certificate (or its public key). */
  private static boolean sameSigner(String b64Pem, X509Certificate cert) {
    String pem = new String(Base64.getDecoder().decode(b64Pem), StandardCharsets.US_ASCII);
    byte[] der = LogEvidence.pemBody(pem);
    try {
      return pem.contains("CERTIFICATE") ? MessageDigest.isEqual(der, cert.getEncoded())
          : MessageDigest.isEqual(der, cert.getPublicKey().getEncoded());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** A Rekor v2 verifier: the certificate itself, or its public key. */
  private static boolean sameVerifier(JsonObject verifier, X509Certificate cert) {
    try {
      if (verifier.getOrNull("x509Certificate") instanceof JsonObject x) {
        return MessageDigest.isEqual(b64(str(x, "rawBytes")), cert.getEncoded());
      }
      if (verifier.getOrNull("publicKey") instanceof JsonObject k) {
        return MessageDigest.isEqual(b64(str(k, "rawBytes")), cert.getPublicKey().getEncoded());
      }
    } catch (GeneralSecurityException e) {
      return false;
    }
    return false;
  }

  private static byte[] b64(String s) {
    return Base64.getDecoder().decode(s);
  }

  private static String kind(JsonObject e) {
    JsonObject kv = (JsonObject) e.getOrNull("kindVersion");
    return str(kv, "kind") + "/" + str(kv, "version");
  }

  private static String str(JsonObject o, String name) {
    return ((JsonString) o.getOrNull(name)).value();
  }

  private static String keyName(PublicKey key) {
    return key instanceof ECPublicKey ec ? "ECDSA P-" + ec.getParams().getCurve().getField().getFieldSize() : key.getAlgorithm();
  }

  /** The signature algorithms Fulcio certifies keys for, chosen by the key itself. */
  static boolean verify(PublicKey key, byte[] data, byte[] sig) {
    String alg = switch (keyName(key)) {
      case "ECDSA P-256" -> "SHA256withECDSA";
      case "ECDSA P-384" -> "SHA384withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "RSA" -> "SHA256withRSA";
      default -> null;
    };
    return alg != null && LogEvidence.signatureVerifies(alg, LogEvidence.BC, key, data, sig);
  }

  @Override
  public String toString() {
    return "CertificateTrust" + identities;
  }

}
