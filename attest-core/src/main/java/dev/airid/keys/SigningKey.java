package dev.airid.keys;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Objects;

/**
 * A private key, its public half and the algorithm it signs with. {@link #toString()} never shows key material.
 * Thread-safe: the prepared signer keeps no per-call state.
 */
public final class SigningKey {

  private final PrivateKey privateKey;
  private final VerificationKey publicKey;
  /** Made on first use: most keys read by the command line sign once, or never. A benign race. */
  private SignatureEngine.PreparedSigner signer;

  SigningKey(PrivateKey privateKey, VerificationKey publicKey) throws InputRejectedException {
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    if (!publicKey.algorithm().canSign()) {
      throw InputRejectedException.of(ErrorCode.KEY_UNSUPPORTED,
          publicKey.algorithm().id() + " is accepted for verification only; sign with rsa-pss-sha256");
    }
  }

  /** The public half, bound to the same algorithm. */
  public VerificationKey verificationKey() {
    return publicKey;
  }

  public SignatureAlgorithm algorithm() {
    return publicKey.algorithm();
  }

  /** The key id hint of the public half. */
  public String keyId() {
    return publicKey.keyId();
  }

  /** Signs {@code message}. */
  public byte[] sign(byte[] message) throws OperationFailedException {
    try {
      SignatureEngine.PreparedSigner s = signer;
      if (s == null) {
        s = Engines.preparedSigner(publicKey.algorithm(), privateKey);
        signer = s;
      }
      return s.sign(message);
    } catch (GeneralSecurityException e) {
      throw new OperationFailedException(ErrorCode.CRYPTO_UNAVAILABLE,
          "signing with " + algorithm().id() + " failed: " + e.getClass().getSimpleName(), e);
    }
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "SigningKey[" + algorithm().id() + ", " + keyId() + "]";
  }
}
