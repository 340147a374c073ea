package dev.airid.bench;

import dev.airid.keys.SignatureAlgorithm;
import dev.airid.keys.SigningKey;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The raw signature check of one PAE by every implementation on this machine, each used the fastest way it allows
 * (key decoded once, one Signature object reused), written here without airid's code: the Amazon Corretto Crypto
 * Provider (AWS-LC) if it loads, Bouncy Castle's lightweight API, and the JDK. The floor of a verification is the
 * fastest of those that pass every Wycheproof case (the JDK's ECDSA does not, so it is listed but never the floor).
 */
final class RawSignatures {

  private final Map<String, Callable<Object>> all = new LinkedHashMap<>();
  private final Map<String, Boolean> correct = new LinkedHashMap<>();
  private String fastest;

  RawSignatures(SigningKey key, byte[] pae, byte[] sig) throws Exception {
    SignatureAlgorithm alg = key.algorithm();
    PublicKey pub = key.verificationKey().key();
    boolean ed = alg == SignatureAlgorithm.ED25519;
    String jca = ed ? "Ed25519" : "SHA256withECDSA";
    Provider accp = accp();
    if (accp != null) {
      PublicKey own = ed ? pub : KeyFactory.getInstance("EC", accp).generatePublic(new X509EncodedKeySpec(pub.getEncoded()));
      Signature s = Signature.getInstance(jca, accp);
      s.initVerify(own);
      add("raw aws-lc (ACCP)", true, () -> {
        s.update(pae);
        return s.verify(sig);
      });
    }
    if (ed) {
      byte[] raw = SubjectPublicKeyInfo.getInstance(pub.getEncoded()).getPublicKeyData().getOctets();
      Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(raw, 0);
      add("raw bouncycastle", true, () -> Ed25519.verify(sig, 0, point, pae, 0, pae.length));
    } else {
      X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
      ECDomainParameters domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
      ECPublicKey ec = (ECPublicKey) pub;
      ECPublicKeyParameters q = new ECPublicKeyParameters(
          domain.getCurve().validatePoint(ec.getW().getAffineX(), ec.getW().getAffineY()), domain);
      ASN1Sequence seq = ASN1Sequence.getInstance(sig);
      BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
      BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      add("raw bouncycastle", true, () -> {
        ECDSASigner v = new ECDSASigner();
        v.init(false, q);
        return v.verifySignature(sha.digest(pae), r, s);
      });
    }
    Signature jdk = Signature.getInstance(jca);
    jdk.initVerify(pub);
    add("raw jdk", ed, () -> {
      jdk.update(pae);
      return jdk.verify(sig);
    });
    for (Map.Entry<String, Callable<Object>> e : all.entrySet()) {
      if (!Boolean.TRUE.equals(e.getValue().call())) {
        throw new IllegalStateException(e.getKey() + " does not verify the benchmark signature");
      }
    }
    pickFastest();
  }

  private void add(String name, boolean passesWycheproof, Callable<Object> check) {
    all.put(name, check);
    correct.put(name, passesWycheproof);
  }

  /** 1.5 s of each, half of it warm-up: enough to rank implementations that differ by 1.5x or more. */
  private void pickFastest() throws Exception {
    double best = Double.MAX_VALUE;
    for (Map.Entry<String, Callable<Object>> e : all.entrySet()) {
      // The first half of the time warms up, the second half counts: a slow implementation on a loaded machine
      // may run only a few hundred times.
      long begin = System.nanoTime();
      long half = begin + 750_000_000L;
      long end = begin + 1_500_000_000L;
      while (System.nanoTime() < half) {
        e.getValue().call();
      }
      int n = 0;
      long start = System.nanoTime();
      while (System.nanoTime() < end || n == 0) {
        e.getValue().call();
        n++;
      }
      double each = (System.nanoTime() - start) / (double) n;
      micros.put(e.getKey(), each / 1000);
      if (correct.get(e.getKey()) && each < best) {
        best = each;
        fastest = e.getKey();
      }
    }
  }

  String fastestName() {
    return fastest;
  }

  Callable<Object> fastest() {
    return all.get(fastest);
  }

  /**
   * The other implementations that pass Wycheproof, measured beside the floor. The others (the JDK's ECDSA) are timed
   * only in the ranking, {@link #rankedMicros()}: an order of magnitude slower, they would dominate every round.
   */
  Map<String, Callable<Object>> others() {
    Map<String, Callable<Object>> out = new LinkedHashMap<>();
    all.forEach((k, v) -> {
      if (!k.equals(fastest) && correct.get(k) && !k.equals("raw jdk")) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Microseconds per check of every implementation, from the ranking (wall time, about a second each). */
  Map<String, Double> rankedMicros() {
    return micros;
  }

  private final Map<String, Double> micros = new LinkedHashMap<>();

  /** The native provider, looked up as an application would, never registered. */
  static Provider accp() {
    try {
      Class<?> c = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
      Provider p = (Provider) c.getField("INSTANCE").get(null);
      return c.getMethod("getLoadingError").invoke(p) == null ? p : null;
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}
