package dev.airid.sigstore.internal;

import dev.airid.verify.CheckNames;
import dev.airid.InputRejectedException;
import dev.airid.attest.Dsse;
import dev.airid.internal.Sha256;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SignatureAlgorithm;
import dev.airid.keys.VerificationKey;
import dev.airid.sigstore.Bundle;
import dev.airid.sigstore.CertificateIdentity;
import dev.airid.sigstore.HashAlgorithm;
import dev.airid.sigstore.TransparencyLogEntry;
import dev.airid.sigstore.TrustedRoot;
import dev.airid.verify.SignedBy;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who signed a bundle and when, checked against what the verifier trusts: the signature, then the evidence the bundle
 * carries (RFC 3161 timestamps, transparency log entries), then for a certificate its validity, chain, SCT and
 * identity. One path for every bundle — DSSE or message signature, key or certificate — so that each check has one
 * name and one meaning (spec/attestations.md §5.2, spec/keyless.md §4). Stateless; checks are reported to a {@link
 * CheckSink} in order, and the first failure ends the run.
 */
public final class SignerChecks {

  private SignerChecks() {}

  /** What a bundle's signature is over. */
  public sealed interface Signed permits DsseSigned, MessageSigned {}

  /** A DSSE envelope: the signatures are over its PAE. */
  public record DsseSigned(Dsse.Envelope envelope) implements Signed {}

  /** A message signature over an artifact, known to the verifier by its digests (and for Ed25519 its bytes). */
  public record MessageSigned(Bundle.MessageSignature signature, ArtifactSource artifact) implements Signed {}

  /** The artifact a message signature is checked against. */
  public interface ArtifactSource {
    /** Its digest with {@code algorithm}, if known (computable from the file, or given). */
    Optional<byte[]> digest(HashAlgorithm algorithm);

    /** Its bytes, if the verifier holds them (needed for signatures that sign the message itself, as Ed25519). */
    Optional<byte[]> bytes();
  }

  /** The outcome: whether every check passed, and who signed. */
  public record Result(boolean ok, Optional<SignedBy> signer) {
    static final Result FAILED = new Result(false, Optional.empty());
  }

  // --- trusted keys ----------------------------------------------------------------------------------------------------

  /**
   * A bundle judged by trusted keys: at least {@code threshold} distinct keys each have a valid signature (the
   * envelope's signatures, or the message signature). Log entries and timestamps the bundle carries are checked
   * against {@code root}; without a root they cannot be, and the bundle fails. With {@code requireLog}, at least one
   * log entry is required, as Sigstore clients require of managed-key bundles by default.
   */
  public static Result keys(Bundle bundle, Signed signed, List<VerificationKey> keys, int threshold, Optional<TrustedRoot> root,
      boolean requireLog, Instant now, CheckSink checks) {
    List<VerificationKey> by = new ArrayList<>();
    byte[] verifiedSig = null;
    String signatureCheck;
    if (signed instanceof DsseSigned d) {
      signatureCheck = CheckNames.ENVELOPE_SIGNATURE;
      byte[] pae = d.envelope().pae();
      for (VerificationKey key : keys) {
        for (Dsse.Signature s : d.envelope().signatures()) {
          byte[] sig = s.sig();
          if (key.verify(pae, sig)) {
            by.add(key);
            verifiedSig = verifiedSig == null ? sig : verifiedSig;
            break;
          }
        }
        if (by.size() >= threshold) {
          break;
        }
      }
    } else {
      MessageSigned m = (MessageSigned) signed;
      signatureCheck = CheckNames.MESSAGE_SIGNATURE;
      if (!messageDigest(m, checks)) {
        return Result.FAILED;
      }
      byte[] sig = m.signature().signature();
      for (VerificationKey key : keys) {
        if (verifyMessage(key, m.artifact(), sig)) {
          by.add(key);
          verifiedSig = sig;
          break;
        }
      }
    }
    boolean ok = by.size() >= threshold;
    if (!checks.check(signatureCheck, ok, ok ? "signed by " + String.join(", ", by.stream().map(k -> k.keyId() + " (" + k.algorithm().id() + ")").toList())
        : keyFailure(bundle, signed, keys, by.size(), threshold))) {
      return Result.FAILED;
    }
    VerificationKey signer = by.get(0);
    List<TransparencyLogEntry> entries = bundle.material().tlogEntries();
    List<byte[]> stamps = bundle.material().rfc3161Timestamps();
    if (root.isEmpty()) {
      if (!entries.isEmpty() || !stamps.isEmpty() || requireLog) {
        checks.check(entries.isEmpty() && !requireLog ? CheckNames.TIMESTAMP_RFC3161 : CheckNames.TLOG_ENTRIES, false,
            requireLog && entries.isEmpty() ? "no transparency log entry, and no trusted root to check one against"
                : "the bundle carries " + (entries.isEmpty() ? "timestamps" : "transparency log entries")
                    + ", but no trusted root was given to check them against");
        return Result.FAILED;
      }
      return new Result(true, Optional.of(new SignedBy.Key(signer.keyId(), signer.algorithm().id())));
    }
    byte[] sig = verifiedSig;
    Predicate<LogEntryBody.Signer> isSigner = logged -> logged instanceof LogEntryBody.LoggedKey k && sameKey(k.spki(), by);
    // A key needs no time: evidence, where the bundle carries any, must verify; none is needed unless asked for.
    Optional<List<Instant>> times = evidence(bundle, signed, sig, isSigner, root.get(), now, requireLog, false, checks);
    return times.isEmpty() ? Result.FAILED : new Result(true, Optional.of(new SignedBy.Key(signer.keyId(), signer.algorithm().id())));
  }

  /** Why the signature check failed, in words a user can act on: another signer, or an altered bundle. */
  private static String keyFailure(Bundle bundle, Signed signed, List<VerificationKey> keys, int valid, int threshold) {
    Set<String> hints = new LinkedHashSet<>();
    if (bundle.material().signer() instanceof Bundle.KeyHint h && !h.hint().isEmpty()) {
      hints.add(h.hint());
    }
    if (signed instanceof DsseSigned d) {
      d.envelope().signatures().stream().map(Dsse.Signature::keyid).filter(k -> !k.isEmpty()).forEach(hints::add);
    }
    List<String> trusted = keys.stream().map(VerificationKey::keyId).toList();
    String counted = "valid signatures by " + valid + " of the " + keys.size() + " trusted key(s); " + threshold + " required";
    Optional<String> known = hints.stream().filter(trusted::contains).findFirst();
    if (valid == 0 && known.isPresent()) {
      return "the bundle names trusted key " + known.get() + ", but its signature does not verify: the signed content or "
          + "the signature was altered after signing";
    }
    if (valid == 0 && !hints.isEmpty()) {
      return "signed by another key: the bundle names key " + String.join(", ", hints) + ", which is not among the trusted "
          + "key(s) " + String.join(", ", trusted);
    }
    if (valid == 0) {
      return "the signature verifies with none of the trusted key(s) " + String.join(", ", trusted) + ", and the bundle "
          + "names no key: it was signed by another key, or altered after signing";
    }
    return counted + " (trusted: " + String.join(", ", trusted) + ")";
  }

  private static boolean sameKey(byte[] spki, List<VerificationKey> keys) {
    try {
      String id = VerificationKey.materialId(KeyFiles.readSpki(spki, "the log entry's key"));
      return keys.stream().anyMatch(k -> k.materialId().equals(id));
    } catch (InputRejectedException e) {
      return false;
    }
  }

  // --- certificates ----------------------------------------------------------------------------------------------------

  /**
   * A bundle judged by its signing certificate: the signature by the certificate's key, timestamps, at least one log
   * entry, then the certificate at the times the log and timestamp authorities vouch for, and its identity.
   */
  public static Result certificate(Bundle bundle, Signed signed, TrustedRoot root, List<CertificateIdentity> identities,
      Instant now, CheckSink checks) {
    String signatureCheck = signed instanceof DsseSigned ? CheckNames.ENVELOPE_SIGNATURE : CheckNames.MESSAGE_SIGNATURE;
    X509Certificate cert;
    byte[] der = bundle.material().certificate().orElseThrow().der();
    try {
      cert = FulcioCertificate.parse(der);
    } catch (GeneralSecurityException e) {
      checks.check(signatureCheck, false, "the signing certificate is not a valid X.509 certificate");
      return Result.FAILED;
    }
    Optional<VerificationKey> key = Signatures.bind(cert.getPublicKey());
    if (key.isEmpty()) {
      checks.check(signatureCheck, false, "the signing certificate's key is of a kind airid does not verify");
      return Result.FAILED;
    }
    byte[] sig;
    boolean ok;
    if (signed instanceof DsseSigned d) {
      if (d.envelope().signatures().size() != 1) {
        checks.check(signatureCheck, false, "a keyless envelope has exactly one signature, not " + d.envelope().signatures().size());
        return Result.FAILED;
      }
      sig = d.envelope().signatures().get(0).sig();
      ok = key.get().verify(d.envelope().pae(), sig);
    } else {
      MessageSigned m = (MessageSigned) signed;
      if (!messageDigest(m, checks)) {
        return Result.FAILED;
      }
      sig = m.signature().signature();
      ok = verifyMessage(key.get(), m.artifact(), sig);
    }
    if (!checks.check(signatureCheck, ok, ok ? "signature by the certificate's " + key.get().algorithm().id() + " key"
        : "the signature does not verify under the certificate's key: the signed content or the signature was altered")) {
      return Result.FAILED;
    }
    Predicate<LogEntryBody.Signer> isSigner = logged -> logged instanceof LogEntryBody.LoggedCertificate c
        ? MessageDigest.isEqual(c.der(), der)
        : logged instanceof LogEntryBody.LoggedKey k && sameKey(k.spki(), List.of(key.get()));
    Optional<List<Instant>> times = evidence(bundle, signed, sig, isSigner, root, now, true, true, checks);
    if (times.isEmpty()) {
      return Result.FAILED;
    }
    Optional<SignedBy.Identity> identity = CertificateChecks.check(cert, times.get(), root, identities, checks);
    return identity.isEmpty() ? Result.FAILED : new Result(true, Optional.of(identity.get()));
  }

  // --- shared ----------------------------------------------------------------------------------------------------------

  /**
   * Timestamps, then log entries (body matched to this signature and signer, then the log's evidence). Returns every
   * vouched-for time, first the signing time; empty if a check failed.
   */
  private static Optional<List<Instant>> evidence(Bundle bundle, Signed signed, byte[] sig, Predicate<LogEntryBody.Signer> isSigner,
      TrustedRoot root, Instant now, boolean requireLog, boolean needTime, CheckSink checks) {
    // Timestamps first: an entry without an integrated time (Rekor v2) takes its signing time from them.
    List<Instant> times = new ArrayList<>();
    for (byte[] token : bundle.material().rfc3161Timestamps()) {
      TimestampCheck.Stamp s = TimestampCheck.check(token, sig, root, now);
      if (!checks.check(CheckNames.TIMESTAMP_RFC3161, s.problem().isEmpty(),
          s.problem().orElseGet(() -> "signed by a trusted TSA at " + s.time().orElseThrow()))) {
        return Optional.empty();
      }
      times.add(s.time().orElseThrow());
    }
    Optional<Instant> tsaTime = times.isEmpty() ? Optional.empty() : Optional.of(times.get(0));
    List<TransparencyLogEntry> entries = bundle.material().tlogEntries();
    if (requireLog || !entries.isEmpty()) {
      if (!checks.check(CheckNames.TLOG_ENTRIES, !entries.isEmpty(),
          entries.size() + " transparency log entr" + (entries.size() == 1 ? "y" : "ies"))) {
        return Optional.empty();
      }
    }
    boolean proofRequired = bundle.version() != Bundle.Version.V0_1;
    for (int i = 0; i < entries.size(); i++) {
      TransparencyLogEntry e = entries.get(i);
      Optional<String> problem = bodyProblem(e, signed, sig, isSigner);
      if (!checks.check(CheckNames.TLOG_BODY, problem.isEmpty(), problem.orElse(e.kindVersion() + " entry of this signature and signer"))) {
        return Optional.empty();
      }
      LogChecks.Outcome o = LogChecks.check(e, "/verificationMaterial/tlogEntries/" + i, root, now, tsaTime, proofRequired, checks);
      if (!o.ok()) {
        return Optional.empty();
      }
      o.integratedTime().ifPresent(times::add);
    }
    if (times.isEmpty() && needTime) {
      checks.check(CheckNames.TLOG_LOG, false, "no log entry or timestamp vouches for when the bundle was signed");
      return Optional.empty();
    }
    return Optional.of(times);
  }

  /**
   * Why {@code e}'s body is not about this signature over this content by this signer, if it is not. Compares meaning:
   * the digest (whatever algorithm the body states), the signature bytes, the signer's DER certificate or key value.
   */
  static Optional<String> bodyProblem(TransparencyLogEntry e, Signed signed, byte[] sig, Predicate<LogEntryBody.Signer> isSigner) {
    LogEntryBody body;
    try {
      body = LogEntryBody.parse(e);
    } catch (InputRejectedException ex) {
      return Optional.of("malformed " + e.kindVersion() + " log entry body: " + ex.reason()
          + ex.pointer().filter(p -> !p.isEmpty()).map(p -> " at " + p).orElse(""));
    }
    HashAlgorithm alg = body.digest().algorithm();
    Optional<byte[]> actual;
    if (body.covers() == LogEntryBody.Covers.DSSE_PAYLOAD) {
      if (!(signed instanceof DsseSigned d)) {
        return Optional.of("a " + e.kindVersion() + " log entry records a DSSE envelope, not a message signature");
      }
      actual = Optional.of(alg.newDigest().digest(d.envelope().payload()));
    } else if (signed instanceof DsseSigned d) {
      actual = Optional.of(alg.newDigest().digest(d.envelope().pae()));
    } else {
      actual = ((MessageSigned) signed).artifact().digest(alg);
      if (actual.isEmpty()) {
        return Optional.of("the log entry records the artifact's " + alg.intotoName() + " digest, which is not known");
      }
    }
    if (!MessageDigest.isEqual(actual.get(), body.digest().value())) {
      return Optional.of(body.covers() == LogEntryBody.Covers.DSSE_PAYLOAD ? "the log entry is for another payload"
          : "the log entry is for other signed bytes");
    }
    if (body.signatures().size() != 1) {
      return Optional.of("the log entry has " + body.signatures().size() + " signatures, not one");
    }
    LogEntryBody.LoggedSignature logged = body.signatures().get(0);
    if (!MessageDigest.isEqual(logged.signature(), sig)) {
      return Optional.of("the log entry holds another signature");
    }
    return isSigner.test(logged.signer()) ? Optional.empty() : Optional.of("the log entry names another signer");
  }

  /** {@code message.digest}: the digest the bundle states, if any, is the artifact's. */
  private static boolean messageDigest(MessageSigned m, CheckSink checks) {
    Optional<Bundle.Digest> stated = m.signature().digest();
    if (stated.isEmpty()) {
      return true;
    }
    HashAlgorithm alg = stated.get().algorithm();
    Optional<byte[]> actual = alg.computable() ? m.artifact().digest(alg) : Optional.empty();
    boolean ok = actual.isPresent() && MessageDigest.isEqual(actual.get(), stated.get().value());
    return checks.check(CheckNames.MESSAGE_DIGEST, ok, ok ? alg.intotoName() + ":" + Sha256.hex(actual.get())
        : actual.isEmpty() ? "the artifact's " + alg + " digest is not known"
        : "the bundle signs another artifact than " + alg.intotoName() + ":" + Sha256.hex(actual.get()));
  }

  /** A message signature by {@code key}: from the artifact's digest where the algorithm allows, else from its bytes. */
  private static boolean verifyMessage(VerificationKey key, ArtifactSource artifact, byte[] sig) {
    if (key.verifiesPrehashed()) {
      HashAlgorithm h = key.algorithm() == SignatureAlgorithm.ECDSA_P384_SHA384 ? HashAlgorithm.SHA2_384 : HashAlgorithm.SHA2_256;
      Optional<byte[]> digest = artifact.digest(h);
      return digest.isPresent() && key.verifyPrehashed(digest.get(), sig);
    }
    Optional<byte[]> bytes = artifact.bytes();
    return bytes.isPresent() && key.verify(bytes.get(), sig);
  }
}
