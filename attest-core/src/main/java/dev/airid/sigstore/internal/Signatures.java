package dev.airid.sigstore.internal;

import dev.airid.InputRejectedException;
import dev.airid.keys.KeyType;
import dev.airid.keys.SignatureAlgorithm;
import dev.airid.keys.VerificationKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signatures by keys the trusted root or a certificate names (logs, CT logs, TSAs, signing certificates), through
 * airid's own signature implementations ({@link VerificationKey}), which pass Wycheproof and refuse non-DER ECDSA.
 * Each key verifies with the one algorithm its type implies in Sigstore: ECDSA with the curve's hash (P-256/SHA-256,
 * P-384/SHA-384), Ed25519, and RSA PKCS#1 v1.5 with SHA-256.
 */
public final class Signatures {

  /** Keys seen, bound to their algorithm: a trusted root has a handful, a long-lived verifier sees them again and again. */
  private static final Map<PublicKey, Optional<VerificationKey>> BOUND = new ConcurrentHashMap<>();
  private static final int MAX_BOUND = 1024;

  private Signatures() {}

  /** The key bound to the algorithm Sigstore uses it with; empty for a key airid does not verify with. */
  public static Optional<VerificationKey> bind(PublicKey key) {
    Optional<VerificationKey> k = BOUND.get(key);
    if (k == null) {
      k = compute(key);
      if (BOUND.size() >= MAX_BOUND) {
        BOUND.clear(); // certificates' keys are one-offs: never let them pile up
      }
      BOUND.put(key, k);
    }
    return k;
  }

  private static Optional<VerificationKey> compute(PublicKey key) {
    try {
      KeyType type = KeyType.ofPublicKey(key);
      SignatureAlgorithm alg = type == KeyType.RSA ? SignatureAlgorithm.RSA_PKCS1_SHA256 : type.defaultAlgorithm();
      return Optional.of(VerificationKey.of(key, alg));
    } catch (InputRejectedException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code sig} is a valid signature of {@code data} by {@code key}; every failure is simply "no". */
  public static boolean verify(PublicKey key, byte[] data, byte[] sig) {
    Optional<VerificationKey> k = bind(key);
    return k.isPresent() && k.get().verify(data, sig);
  }
}
