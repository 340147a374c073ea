package dev.airid.keys;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** The kinds of key airid accepts, read from the key's own DER (SubjectPublicKeyInfo), not from its Java class. */
public enum KeyType {
  ED25519("ed25519", SignatureAlgorithm.ED25519),
  ECDSA_P256("ecdsa-p256", SignatureAlgorithm.ECDSA_P256_SHA256),
  ECDSA_P384("ecdsa-p384", SignatureAlgorithm.ECDSA_P384_SHA384),
  /** An rsaEncryption key: RSA-PSS by default, PKCS#1 v1.5 when the verifier says so. */
  RSA("rsa", SignatureAlgorithm.RSA_PSS_SHA256, SignatureAlgorithm.RSA_PKCS1_SHA256),
  /** An id-RSASSA-PSS key: PSS only. */
  RSA_PSS("rsa-pss", SignatureAlgorithm.RSA_PSS_SHA256);

  /** RSA keys shorter than this are refused. */
  public static final int MIN_RSA_BITS = 2048;

  private final String id;
  private final SignatureAlgorithm[] algorithms;

  KeyType(String id, SignatureAlgorithm... algorithms) {
    this.id = id;
    this.algorithms = algorithms;
  }

  public String id() {
    return id;
  }

  /** The algorithm used when none is named. */
  public SignatureAlgorithm defaultAlgorithm() {
    return algorithms[0];
  }

  public boolean allows(SignatureAlgorithm a) {
    return Arrays.asList(algorithms).contains(a);
  }

  /**
   * The type of {@code key}.
   *
   * @throws InputRejectedException {@link ErrorCode#KEY_UNSUPPORTED} for other algorithms, curves (including explicit
   *     curve parameters) or RSA keys under 2048 bits
   */
  public static KeyType ofPublicKey(PublicKey key) throws InputRejectedException {
    SubjectPublicKeyInfo spki;
    try {
      spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
    } catch (RuntimeException e) {
      throw InputRejectedException.of(ErrorCode.KEY_INVALID, "the public key is not a valid SubjectPublicKeyInfo");
    }
    ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
    if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
      return ED25519;
    }
    if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      Object params = spki.getAlgorithm().getParameters();
      if (SECObjectIdentifiers.secp256r1.equals(params)) {
        return ECDSA_P256;
      }
      if (SECObjectIdentifiers.secp384r1.equals(params)) {
        return ECDSA_P384;
      }
      throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED,
          "EC keys must be on the named curves P-256 or P-384, not " + params);
    }
    if (alg.equals(PKCSObjectIdentifiers.rsaEncryption) || alg.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
      int bits = key instanceof RSAPublicKey r ? r.getModulus().bitLength() : 0;
      if (bits < MIN_RSA_BITS) {
        throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED,
            "RSA keys need at least " + MIN_RSA_BITS + " bits, this one has " + bits);
      }
      return alg.equals(PKCSObjectIdentifiers.rsaEncryption) ? RSA : RSA_PSS;
    }
    throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED, "unsupported key algorithm " + alg.getId()
        + "; airid uses Ed25519, ECDSA P-256/P-384 and RSA");
  }
}
