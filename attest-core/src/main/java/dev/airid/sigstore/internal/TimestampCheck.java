package dev.airid.sigstore.internal;

import dev.airid.internal.Sha256;
import dev.airid.internal.BouncyCastle;
import dev.airid.sigstore.TrustedRoot;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;

/** An RFC 3161 timestamp over a signature, by a timestamp authority of the trusted root ({@code timestamp.rfc3161}). */
public final class TimestampCheck {

  private TimestampCheck() {}

  /** A timestamp's outcome: its time if it verified, else why not. */
  public record Stamp(Optional<Instant> time, Optional<String> problem) {
    static Stamp failed(String problem) {
      return new Stamp(Optional.empty(), Optional.of(problem));
    }
  }

  /**
   * Whether {@code token} (a whole {@code TimeStampResp} as Sigstore stores it, or a bare token) is over SHA-256 of
   * {@code signature}, signed by a TSA of {@code root} whose chain holds, at a time that TSA was valid and not in the
   * future.
   */
  public static Stamp check(byte[] token, byte[] signature, TrustedRoot root, Instant now) {
    TimeStampToken tst;
    try {
      try {
        org.bouncycastle.tsp.TimeStampResponse resp = new org.bouncycastle.tsp.TimeStampResponse(token);
        if (resp.getStatus() > 1 || resp.getTimeStampToken() == null) {
          return Stamp.failed("the TSA did not grant the timestamp");
        }
        tst = resp.getTimeStampToken();
      } catch (org.bouncycastle.tsp.TSPException | java.io.IOException | RuntimeException notResponse) {
        tst = new TimeStampToken(new CMSSignedData(token));
      }
    } catch (Exception | StackOverflowError e) {
      // Bouncy Castle signals malformed ASN.1 with many exception types; each means "not a timestamp".
      return Stamp.failed("malformed RFC 3161 timestamp");
    }
    var info = tst.getTimeStampInfo();
    if (!info.getMessageImprintAlgOID().equals(NISTObjectIdentifiers.id_sha256)
        || !MessageDigest.isEqual(info.getMessageImprintDigest(), Sha256.of(signature))) {
      return Stamp.failed("the timestamp is over something else than the signature");
    }
    Instant gen = info.getGenTime().toInstant();
    for (TrustedRoot.TimestampAuthority tsa : root.timestampAuthorities()) {
      List<X509Certificate> chain = tsa.chain();
      try {
        X509Certificate leaf = chain.get(0);
        if (!tst.getSID().match(new X509CertificateHolder(leaf.getEncoded()))) {
          continue;
        }
        tst.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BouncyCastle.PROVIDER).build(leaf));
        for (int i = 0; i + 1 < chain.size(); i++) {
          chain.get(i).verify(chain.get(i + 1).getPublicKey());
        }
        if (!tsa.validAt(gen)) {
          return Stamp.failed("the TSA was not valid at " + gen);
        }
        if (gen.isAfter(now.plus(LogChecks.CLOCK_SKEW))) {
          return Stamp.failed("the timestamp " + gen + " is in the future");
        }
        return new Stamp(Optional.of(gen), Optional.empty());
      } catch (Exception e) {
        return Stamp.failed("the timestamp does not verify against its TSA: " + e.getMessage());
      }
    }
    return Stamp.failed("the timestamp is not by a TSA of the trusted root");
  }
}
