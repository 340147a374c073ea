package dev.airid.sigstore;

import dev.airid.attest.SignerTrust;
import dev.airid.internal.Sha256;
import dev.airid.json.JsonArray;
import dev.airid.json.JsonObject;
import dev.airid.json.JsonString;
import java.security.MessageDigest;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * The evidence a Sigstore bundle carries about when it was signed, checked against a trusted root: transparency log
 * entries (log trusted and valid at the integrated time, signed entry timestamp, inclusion proof with its signed
 * checkpoint) and RFC 3161 timestamps. Shared by the keyed and keyless verifiers; each checks itself that an entry's
 * body is about its own signature.
 */
final class LogEvidence {

  static final Provider BC = dev.airid.internal.BouncyCastle.PROVIDER;

  private LogEvidence() {}

  /**
   * Whether {@code sig} verifies over {@code data} under {@code key} with the JCA algorithm {@code alg}, from {@code
   * provider} (null: the platform's). Every failure, a malformed signature or key included, is simply "no".
   */
  static boolean signatureVerifies(String alg, Provider provider, PublicKey key, byte[] data, byte[] sig) {
    try {
      Signature s = provider == null ? Signature.getInstance(alg) : Signature.getInstance(alg, provider);
      s.initVerify(key);
      s.update(data);
      return s.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The outcome of a log entry's checks: whether they passed, and the integrated time if the entry states one. */
  record Entry(boolean ok, Instant integratedTime) {}

  /**
   * Checks a log entry whose body the caller has matched to the bundle. Its integrated time counts only when the
   * signed entry timestamp (SET) signs it: neither the Merkle leaf nor the checkpoint covers that field, so without a
   * SET anyone could rewrite it. An entry without a signed integrated time (Rekor v2, or a SET-less v1 entry) takes
   * its time from {@code fallbackTime}, the time a timestamp authority vouched for, and fails without one. Malformed entries throw a {@link RuntimeException} (ClassCast, NullPointer,
   * IllegalArgument). Bundles v0.2 and later must carry an inclusion proof ({@code proofRequired}); v0.1 bundles may
   * carry only the signed entry timestamp.
   */
  static Entry entry(JsonObject e, TrustedRoot root, Instant now, Instant fallbackTime, boolean proofRequired,
      SignerTrust.Checks checks) {
    String bodyB64 = ((JsonString) e.getOrNull("canonicalizedBody")).value();
    byte[] body = Base64.getDecoder().decode(bodyB64);
    byte[] logId = Base64.getDecoder().decode(((JsonString) ((JsonObject) e.getOrNull("logId")).getOrNull("keyId")).value());
    TrustedRoot.Log log = Tlog.find(root, logId);
    long stated = e.has("integratedTime") ? Tlog.longOf(e.getOrNull("integratedTime")) : 0;
    boolean hasSet = e.getOrNull("inclusionPromise") instanceof JsonObject;
    long integrated = hasSet ? stated : 0; // an unsigned integrated time is ignored, not trusted
    if (integrated == 0 && fallbackTime == null) {
      checks.check("tlog.log", false, stated != 0
          ? "the entry's integrated time is not signed (no signed entry timestamp), and no timestamp authority vouches for the signing time"
          : "the entry has no integrated time and no timestamp authority vouches for the signing time");
      return new Entry(false, null);
    }
    Instant t = integrated == 0 ? fallbackTime : Instant.ofEpochSecond(integrated);
    if (!checks.check("tlog.log", log != null && log.validAt(t) && !t.isAfter(now.plus(Tlog.CLOCK_SKEW)),
        log == null ? "the entry's log is not in the trusted root"
            : t.isAfter(now.plus(Tlog.CLOCK_SKEW)) ? "integrated time " + t + " is in the future"
            : log.validAt(t) ? (integrated == 0 ? "signed at " + t + " (timestamp authority); " : "integrated at " + t + " ")
                + "in a trusted log" : "the log's key was not valid at " + t)) {
      return new Entry(false, null);
    }
    long logIndex = Tlog.longOf(e.getOrNull("logIndex"));
    JsonObject promise = e.getOrNull("inclusionPromise") instanceof JsonObject p ? p : null;
    JsonObject proof = e.getOrNull("inclusionProof") instanceof JsonObject p ? p : null;
    boolean needProof = proofRequired || integrated == 0;
    if (!checks.check("tlog.evidence", needProof ? proof != null : promise != null || proof != null,
        proof != null ? "an inclusion proof" + (promise != null ? " and promise" : "")
            : needProof ? "no inclusion proof (required for bundles v0.2 and later, and for entries without an integrated time)"
            : promise != null ? "an inclusion promise" : "no inclusion promise or proof")) {
      return new Entry(false, null);
    }
    if (promise != null) {
      byte[] set = Base64.getDecoder().decode(((JsonString) promise.getOrNull("signedEntryTimestamp")).value());
      if (!checks.check("tlog.set", Tlog.verifySet(log, bodyB64, integrated, logIndex, set, BC), "signed entry timestamp by the log")) {
        return new Entry(false, null);
      }
    }
    if (proof != null) {
      long index = Tlog.longOf(proof.getOrNull("logIndex"));
      long size = Tlog.longOf(proof.getOrNull("treeSize"));
      byte[] rootHash = Base64.getDecoder().decode(((JsonString) proof.getOrNull("rootHash")).value());
      boolean included = Tlog.verifyInclusion(body, index, size, Tlog.hashes((JsonArray) proof.getOrNull("hashes")), rootHash);
      if (!checks.check("tlog.inclusion", included, included ? "leaf " + index + " of " + size : "the inclusion proof does not lead to the root")) {
        return new Entry(false, null);
      }
      JsonObject cp = (JsonObject) proof.getOrNull("checkpoint");
      String problem = cp == null ? "no checkpoint" : Tlog.verifyCheckpoint(log, ((JsonString) cp.getOrNull("envelope")).value(), size, rootHash, BC);
      if (!checks.check("tlog.checkpoint", problem == null, problem == null ? "signed by the log" : problem)) {
        return new Entry(false, null);
      }
    }
    return new Entry(true, integrated == 0 ? null : t);
  }

  /**
   * Why a {@code hashedrekord} 0.0.1 entry's {@code spec} is not about this signature over bytes whose SHA-256 is
   * {@code signedDigest}, by the signer {@code namesSigner} recognises in the entry's Base64 PEM; null if it is.
   * Malformed specs throw a {@link RuntimeException}.
   */
  static String hashedRekordV1Problem(JsonObject spec, byte[] signedDigest, byte[] sig,
      java.util.function.Predicate<String> namesSigner) {
    JsonObject hash = (JsonObject) ((JsonObject) spec.getOrNull("data")).getOrNull("hash");
    JsonObject s = (JsonObject) spec.getOrNull("signature");
    if (!"sha256".equals(((JsonString) hash.getOrNull("algorithm")).value())
        || !Sha256.hex(signedDigest).equals(((JsonString) hash.getOrNull("value")).value())) {
      return "the log entry is for other signed bytes";
    }
    if (!MessageDigest.isEqual(Base64.getDecoder().decode(((JsonString) s.getOrNull("content")).value()), sig)) {
      return "the log entry holds another signature";
    }
    String pem = ((JsonString) ((JsonObject) s.getOrNull("publicKey")).getOrNull("content")).value();
    return namesSigner.test(pem) ? null : "the log entry names another signer";
  }

  /** The DER inside PEM text (one object; the armour lines dropped). */
  static byte[] pemBody(String pem) {
    return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
  }

  /** An RFC 3161 timestamp's outcome: its time if it verified, else why not. */
  record Stamp(Instant time, String problem) {}

  /** An RFC 3161 token over the signature, by a TSA of the trusted root, at a time that TSA was valid. */
  static Stamp timestamp(byte[] token, byte[] sig, TrustedRoot root, Instant now) {
    TimeStampToken tst;
    try {
      // Sigstore stores the whole TimeStampResp (status + token); a bare token is accepted too.
      try {
        org.bouncycastle.tsp.TimeStampResponse resp = new org.bouncycastle.tsp.TimeStampResponse(token);
        if (resp.getStatus() > 1 || resp.getTimeStampToken() == null) {
          return new Stamp(null, "the TSA did not grant the timestamp");
        }
        tst = resp.getTimeStampToken();
      } catch (org.bouncycastle.tsp.TSPException | java.io.IOException | RuntimeException notResponse) {
        tst = new TimeStampToken(new CMSSignedData(token));
      }
    } catch (Exception e) {
      return new Stamp(null, "malformed RFC 3161 timestamp");
    }
    var info = tst.getTimeStampInfo();
    if (!info.getMessageImprintAlgOID().equals(NISTObjectIdentifiers.id_sha256)
        || !MessageDigest.isEqual(info.getMessageImprintDigest(), Sha256.of(sig))) {
      return new Stamp(null, "the timestamp is over something else than the signature");
    }
    Instant gen = info.getGenTime().toInstant();
    for (TrustedRoot.TimestampAuthority tsa : root.timestampAuthorities()) {
      List<X509Certificate> chain = tsa.chain();
      try {
        X509Certificate leaf = chain.get(0);
        if (!tst.getSID().match(new X509CertificateHolder(leaf.getEncoded()))) {
          continue;
        }
        tst.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(leaf));
        for (int i = 0; i + 1 < chain.size(); i++) {
          chain.get(i).verify(chain.get(i + 1).getPublicKey());
        }
        if (!tsa.validAt(gen)) {
          return new Stamp(null, "the TSA was not valid at " + gen);
        }
        if (gen.isAfter(now.plus(Tlog.CLOCK_SKEW))) {
          return new Stamp(null, "the timestamp " + gen + " is in the future");
        }
        return new Stamp(gen, null);
      } catch (Exception e) {
        return new Stamp(null, "the timestamp does not verify against its TSA: " + e.getMessage());
      }
    }
    return new Stamp(null, "the timestamp is not by a TSA of the trusted root");
  }
}
