package dev.airid.keys;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Objects;

/**
 * A private key, its public half and the algorithm it signs with. {@link #toString()} never shows key material.
 * Thread-safe: every signature uses a fresh {@link java.security.Signature}.
 */
public final class SigningKey {

  private final PrivateKey privateKey;
  private final VerificationKey publicKey;

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
      return publicKey.algorithm().sign(privateKey, message);
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
