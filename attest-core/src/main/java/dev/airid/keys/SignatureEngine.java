package dev.airid.keys;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * One implementation of the signature primitives (a provider, or a library's own API) for the algorithms it supports.
 * {@link Engines} chooses one per algorithm. An engine sees only inputs that {@link SignatureAlgorithm} has already
 * checked for shape (64-byte Ed25519 signatures, strict DER ECDSA), so all implementations judge the same bytes.
 */
interface SignatureEngine {

  /** A stable short name for reports and the {@code airid.crypto} property: {@code aws-lc}, {@code bouncycastle}, {@code jdk}. */
  String id();

  /** What it is, with its version, for people ({@code airid --version}). */
  String description();

  /**
   * A public key made ready to verify many signatures: decoded, validated and with whatever precomputation the
   * implementation keeps per key.
   *
   * @throws GeneralSecurityException if this implementation cannot use the key (the next candidate may)
   */
  PreparedKey prepare(SignatureAlgorithm algorithm, PublicKey key) throws GeneralSecurityException;

  /** A private key made ready to sign. */
  PreparedSigner prepareSigner(SignatureAlgorithm algorithm, PrivateKey key) throws GeneralSecurityException;

  /** A prepared public key. Thread-safe: it holds no per-call state. */
  @FunctionalInterface
  interface PreparedKey {
    boolean verify(byte[] message, byte[] signature) throws GeneralSecurityException;
  }

  /** A prepared private key. Thread-safe. */
  @FunctionalInterface
  interface PreparedSigner {
    byte[] sign(byte[] message) throws GeneralSecurityException;
  }
}
