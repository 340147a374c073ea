package dev.airid.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * Signatures through a JCA provider: the JDK's own (for RSA) or a native one such as the Amazon Corretto Crypto
 * Provider (AWS-LC). The provider is used as an instance and never added to the JVM's provider list.
 */
final class JcaEngine implements SignatureEngine {

  private final String id;
  private final String description;
  /** Null: the JDK's providers. */
  private final Provider provider;

  JcaEngine(String id, String description, Provider provider) {
    this.id = id;
    this.description = description;
    this.provider = provider;
  }

  static final JcaEngine JDK = new JcaEngine("jdk", "the JDK's providers (Java " + System.getProperty("java.version") + ")", null);

  @Override
  public String id() {
    return id;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public PreparedKey prepare(SignatureAlgorithm algorithm, PublicKey key) throws GeneralSecurityException {
    PublicKey own = provider == null ? key : translate(key);
    // Fail here, not on the first signature, if this provider cannot use the key: the next candidate then may.
    newSignature(algorithm).initVerify(own);
    // One initialised Signature per thread and key: verify() returns it to its initialised state, and initialising
    // is where a provider converts a key it has no factory for (Ed25519 in ACCP) — a sixth of a verification.
    ThreadLocal<Signature> perThread = new ThreadLocal<>();
    return (message, signature) -> {
      Signature s = perThread.get();
      if (s == null) {
        s = newSignature(algorithm);
        s.initVerify(own);
        perThread.set(s);
      }
      try {
        s.update(message);
        return s.verify(signature);
      } catch (GeneralSecurityException | RuntimeException e) {
        perThread.remove(); // after a failure, trust no state: the next call starts afresh
        throw e;
      }
    };
  }

  @Override
  public PreparedSigner prepareSigner(SignatureAlgorithm algorithm, PrivateKey key) throws GeneralSecurityException {
    PrivateKey own = provider == null ? key : translate(key);
    newSignature(algorithm).initSign(own);
    return message -> {
      Signature s = newSignature(algorithm);
      s.initSign(own);
      s.update(message);
      return s.sign();
    };
  }

  /** The key as this provider's own key object, so that it is decoded once, not on every signature. */
  private PublicKey translate(PublicKey key) {
    try {
      return KeyFactory.getInstance(key.getAlgorithm(), provider).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
    } catch (GeneralSecurityException | RuntimeException e) {
      return key; // no key factory for this type (Ed25519 in ACCP): the provider converts the key itself
    }
  }

  private PrivateKey translate(PrivateKey key) {
    try {
      return KeyFactory.getInstance(key.getAlgorithm(), provider).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    } catch (GeneralSecurityException | RuntimeException e) {
      return key;
    }
  }

  private Signature newSignature(SignatureAlgorithm algorithm) throws GeneralSecurityException {
    String name = algorithm.jcaName();
    Signature s = provider == null ? Signature.getInstance(name) : Signature.getInstance(name, provider);
    if (algorithm == SignatureAlgorithm.RSA_PSS_SHA256) {
      s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    }
    return s;
  }
}
