package dev.airid.keys;

import dev.airid.internal.Sha256;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Bouncy Castle's lightweight API for Ed25519 and ECDSA: pure Java, always available, and no JCA provider to register
 * (Bouncy Castle's provider registers hundreds of classes before its first use). Messages are hashed with the JDK's
 * SHA-2, which uses the CPU's SHA instructions where it can; Bouncy Castle then does the curve arithmetic, on its
 * custom P-256/P-384 field code, with the public point's window table kept per prepared key.
 *
 * <p>ECDSA signatures it makes are deterministic (RFC 6979).
 */
final class BouncyCastleEngine implements SignatureEngine {

  static final BouncyCastleEngine INSTANCE = new BouncyCastleEngine();

  private BouncyCastleEngine() {}

  @Override
  public String id() {
    return "bouncycastle";
  }

  @Override
  public String description() {
    return "Bouncy Castle " + version() + " lightweight API (pure Java)";
  }

  /** The version attest-core was built against (a shaded jar keeps no Bouncy Castle manifest to ask). */
  private static String version() {
    java.util.Properties p = new java.util.Properties();
    try (java.io.InputStream in = BouncyCastleEngine.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (java.io.IOException e) {
      // the version is only for people to read
    }
    return p.getProperty("bouncycastle.version", "");
  }

  @Override
  public PreparedKey prepare(SignatureAlgorithm algorithm, PublicKey key) throws GeneralSecurityException {
    switch (algorithm) {
      case ED25519: {
        byte[] raw = rawEd25519(key);
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(raw, 0);
        if (point == null) {
          throw new InvalidKeyException("not an Ed25519 point");
        }
        return (message, signature) -> signature.length == Ed25519.SIGNATURE_SIZE
            && Ed25519.verify(signature, 0, point, message, 0, message.length);
      }
      case ECDSA_P256_SHA256:
      case ECDSA_P384_SHA384: {
        ECDomainParameters domain = Curves.of(algorithm);
        if (!(key instanceof ECPublicKey ec)) {
          throw new InvalidKeyException("not an EC public key");
        }
        ECPublicKeyParameters q;
        try {
          // validatePoint: on the curve; the parameters' constructor also refuses the point at infinity.
          q = new ECPublicKeyParameters(domain.getCurve().validatePoint(ec.getW().getAffineX(), ec.getW().getAffineY()), domain);
        } catch (IllegalArgumentException e) {
          throw new InvalidKeyException("the point is not on " + algorithm.id(), e);
        }
        String hash = algorithm == SignatureAlgorithm.ECDSA_P256_SHA256 ? "SHA-256" : "SHA-384";
        MessageDigest prototype = digest(hash);
        return (message, signature) -> {
          BigInteger[] rs = StrictDer.ecdsaIntegers(signature);
          if (rs == null) {
            return false;
          }
          ECDSASigner signer = new ECDSASigner();
          signer.init(false, q);
          return signer.verifySignature(cloneOf(prototype).digest(message), rs[0], rs[1]);
        };
      }
      default:
        throw new NoSuchAlgorithmException(algorithm.id() + " is not implemented by " + id());
    }
  }

  @Override
  public PreparedSigner prepareSigner(SignatureAlgorithm algorithm, PrivateKey key) throws GeneralSecurityException {
    switch (algorithm) {
      case ED25519: {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
          throw new InvalidKeyException("not an Ed25519 private key");
        }
        byte[] seed = ed.getBytes().get();
        Ed25519PrivateKeyParameters params = new Ed25519PrivateKeyParameters(seed, 0);
        java.util.Arrays.fill(seed, (byte) 0);
        return message -> {
          byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
          params.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, sig, 0);
          return sig;
        };
      }
      case ECDSA_P256_SHA256:
      case ECDSA_P384_SHA384: {
        if (!(key instanceof ECPrivateKey ec)) {
          throw new InvalidKeyException("not an EC private key");
        }
        ECDomainParameters domain = Curves.of(algorithm);
        ECPrivateKeyParameters d = new ECPrivateKeyParameters(ec.getS(), domain);
        boolean p256 = algorithm == SignatureAlgorithm.ECDSA_P256_SHA256;
        MessageDigest prototype = digest(p256 ? "SHA-256" : "SHA-384");
        return message -> {
          ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(p256 ? new SHA256Digest() : new SHA384Digest()));
          signer.init(true, d);
          BigInteger[] rs = signer.generateSignature(cloneOf(prototype).digest(message));
          try {
            return StandardDSAEncoding.INSTANCE.encode(domain.getN(), rs[0], rs[1]);
          } catch (java.io.IOException e) {
            throw new SignatureException("DER encoding failed", e);
          }
        };
      }
      default:
        throw new NoSuchAlgorithmException(algorithm.id() + " is not implemented by " + id());
    }
  }

  /** The 32 key bytes of an Ed25519 SubjectPublicKeyInfo. */
  static byte[] rawEd25519(PublicKey key) throws InvalidKeyException {
    try {
      byte[] raw = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getOctets();
      if (raw.length != Ed25519.PUBLIC_KEY_SIZE) {
        throw new InvalidKeyException("an Ed25519 key is 32 bytes");
      }
      return raw;
    } catch (RuntimeException e) {
      throw new InvalidKeyException("not an Ed25519 SubjectPublicKeyInfo", e);
    }
  }

  private static MessageDigest digest(String name) throws NoSuchAlgorithmException {
    return name.equals("SHA-256") ? Sha256.newDigest() : MessageDigest.getInstance(name);
  }

  private static MessageDigest cloneOf(MessageDigest prototype) throws SignatureException {
    try {
      return (MessageDigest) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new SignatureException("digest cannot be cloned", e);
    }
  }

  /** The curves, with Bouncy Castle's custom field arithmetic, built on first use and shared (so is G's table). */
  private static final class Curves {
    private static final ECDomainParameters P256 = domain(SECObjectIdentifiers.secp256r1);
    private static final ECDomainParameters P384 = domain(SECObjectIdentifiers.secp384r1);

    static ECDomainParameters of(SignatureAlgorithm a) {
      return a == SignatureAlgorithm.ECDSA_P256_SHA256 ? P256 : P384;
    }

    private static ECDomainParameters domain(org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
      X9ECParameters x9 = CustomNamedCurves.getByOID(oid);
      return new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
    }
  }
}
