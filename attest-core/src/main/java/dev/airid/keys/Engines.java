package dev.airid.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Which implementation signs and verifies each algorithm, chosen once per algorithm on first use and by measurement
 * (docs/performance.md):
 *
 * <ul>
 *   <li>a native provider, the Amazon Corretto Crypto Provider (AWS-LC), when it is on the class path, loads, passes its
 *       own self-tests and agrees with the pure-Java implementation on a signature made and one tampered with — it is
 *       the fastest here for every algorithm, but loading it costs a few hundred milliseconds, so the command line
 *       does not ship it (RSA PKCS#1 v1.5 stays on the JDK, see {@link #choose});
 *   <li>otherwise Bouncy Castle's lightweight API for Ed25519 and ECDSA (several times faster than the JDK's, and the
 *       JDK's ECDSA refuses valid signatures at the edges of the group order), and the JDK for RSA.
 * </ul>
 *
 * The system property {@code airid.crypto=portable} keeps the native provider out. Nothing is registered with the
 * JVM's provider list. Every implementation that can be chosen passes every Wycheproof case for its algorithm
 * (WycheproofTest runs once per implementation).
 */
final class Engines {

  /** The class of the optional native provider, looked up by name so that it stays optional. */
  static final String NATIVE_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

  private static final SignatureAlgorithm[] ALGORITHMS = SignatureAlgorithm.values();
  private static final AtomicReferenceArray<List<SignatureEngine>> CANDIDATES = new AtomicReferenceArray<>(ALGORITHMS.length);

  /** Prepared public keys, so that a key is decoded and its tables built once, not per signature. */
  private static final ConcurrentHashMap<VerificationKey, SignatureEngine.PreparedKey> PREPARED = new ConcurrentHashMap<>();
  /** A bound on {@link #PREPARED}: keyless verification sees a new key per bundle. */
  static final int PREPARED_CACHE_SIZE = 256;

  /**
   * Messages of this many bytes or more go to the portable implementation: the native provider buffers an Ed25519
   * message whole and refuses one past 1 MiB (an IllegalArgumentException, not a verdict). Above this size hashing
   * the message dominates, so the native provider would gain nothing anyway.
   */
  static final int LARGE_MESSAGE_BYTES = 1 << 20;

  private Engines() {}

  /** The implementation used for {@code algorithm}. */
  static SignatureEngine chosen(SignatureAlgorithm algorithm) {
    return candidates(algorithm).get(0);
  }

  /** Every usable implementation of {@code algorithm}, preferred first; the last is always pure Java or the JDK. */
  static List<SignatureEngine> candidates(SignatureAlgorithm algorithm) {
    List<SignatureEngine> c = CANDIDATES.get(algorithm.ordinal());
    if (c == null) {
      c = choose(algorithm);
      CANDIDATES.compareAndSet(algorithm.ordinal(), null, c);
      c = CANDIDATES.get(algorithm.ordinal());
    }
    return c;
  }

  private static List<SignatureEngine> choose(SignatureAlgorithm algorithm) {
    List<SignatureEngine> out = new ArrayList<>();
    SignatureEngine nativeEngine = Native.ENGINE;
    // PKCS#1 v1.5 stays on the JDK: AWS-LC refuses a DigestInfo without its NULL parameter, which the JDK and OpenSSL
    // accept (Wycheproof "acceptable", tcId 8). A signature's verdict must not depend on what the class path holds.
    if (nativeEngine != null && algorithm != SignatureAlgorithm.RSA_PKCS1_SHA256 && agrees(nativeEngine, algorithm)) {
      out.add(nativeEngine);
    }
    out.add(portable(algorithm));
    return List.copyOf(out);
  }

  /** The implementation that is always there: Bouncy Castle for Ed25519 and ECDSA, the JDK for RSA. */
  static SignatureEngine portable(SignatureAlgorithm algorithm) {
    return switch (algorithm) {
      case ED25519, ECDSA_P256_SHA256, ECDSA_P384_SHA384 -> BouncyCastleEngine.INSTANCE;
      case RSA_PSS_SHA256, RSA_PKCS1_SHA256 -> JcaEngine.JDK;
    };
  }

  /** The native engine if it loaded and is healthy, else null; ignores {@code airid.crypto}. For tests. */
  static SignatureEngine nativeEngine() {
    return Native.LOADED;
  }

  /**
   * {@code key}, prepared by the first candidate that accepts it. A key that no implementation accepts verifies
   * nothing.
   */
  static SignatureEngine.PreparedKey prepared(VerificationKey key) {
    SignatureEngine.PreparedKey p = PREPARED.get(key);
    if (p != null) {
      return p;
    }
    p = (message, signature) -> false;
    for (SignatureEngine e : candidates(key.algorithm())) {
      try {
        p = e.prepare(key.algorithm(), key.key());
        if (e == Native.ENGINE) {
          SignatureEngine.PreparedKey fast = p;
          SignatureEngine.PreparedKey large = portable(key.algorithm()).prepare(key.algorithm(), key.key());
          p = (message, signature) -> message.length < LARGE_MESSAGE_BYTES ? fast.verify(message, signature)
              : large.verify(message, signature);
        }
        break;
      } catch (GeneralSecurityException | RuntimeException notThisOne) {
        // the next candidate may take it
      }
    }
    if (PREPARED.size() >= PREPARED_CACHE_SIZE) {
      PREPARED.clear();
    }
    PREPARED.put(key, p);
    return p;
  }

  /** {@code key} prepared to sign by the first candidate that accepts it. */
  static SignatureEngine.PreparedSigner preparedSigner(SignatureAlgorithm algorithm, java.security.PrivateKey key)
      throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (SignatureEngine e : candidates(algorithm)) {
      try {
        SignatureEngine.PreparedSigner p = e.prepareSigner(algorithm, key);
        if (e == Native.ENGINE) {
          SignatureEngine.PreparedSigner large = portable(algorithm).prepareSigner(algorithm, key);
          return message -> message.length < LARGE_MESSAGE_BYTES ? p.sign(message) : large.sign(message);
        }
        return p;
      } catch (GeneralSecurityException notThisOne) {
        last = notThisOne;
      } catch (RuntimeException notThisOne) {
        last = new GeneralSecurityException(notThisOne);
      }
    }
    throw last;
  }

  /**
   * Whether the native engine agrees with the portable one on {@code algorithm}: a signature by each verifies under the
   * other, and neither accepts the other's signature over a changed message. RSA keys take too long to generate for
   * this; there the provider's own self-tests decide.
   */
  private static boolean agrees(SignatureEngine nativeEngine, SignatureAlgorithm algorithm) {
    if (algorithm == SignatureAlgorithm.RSA_PSS_SHA256 || algorithm == SignatureAlgorithm.RSA_PKCS1_SHA256) {
      return true;
    }
    try {
      KeyPair pair;
      if (algorithm == SignatureAlgorithm.ED25519) {
        pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      } else {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(algorithm == SignatureAlgorithm.ECDSA_P256_SHA256 ? "secp256r1" : "secp384r1"));
        pair = g.generateKeyPair();
      }
      SignatureEngine portable = portable(algorithm);
      byte[] message = "airid: does the native provider agree with the portable one?".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      byte[] changed = message.clone();
      changed[0] ^= 1;
      byte[] byPortable = portable.prepareSigner(algorithm, pair.getPrivate()).sign(message);
      byte[] byNative = nativeEngine.prepareSigner(algorithm, pair.getPrivate()).sign(message);
      SignatureEngine.PreparedKey n = nativeEngine.prepare(algorithm, pair.getPublic());
      SignatureEngine.PreparedKey p = portable.prepare(algorithm, pair.getPublic());
      return n.verify(message, byPortable) && p.verify(message, byNative)
          && !n.verify(changed, byPortable) && !n.verify(changed, byNative);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The native provider, loaded on first use of an algorithm and only then. */
  private static final class Native {
    static final SignatureEngine LOADED = loaded();
    static final SignatureEngine ENGINE = "portable".equals(System.getProperty("airid.crypto")) ? null : LOADED;

    private static SignatureEngine loaded() {
      try {
        Class<?> c = Class.forName(NATIVE_CLASS, true, Engines.class.getClassLoader());
        Provider p = (Provider) c.getField("INSTANCE").get(null);
        if (c.getMethod("getLoadingError").invoke(p) != null) {
          return null;
        }
        c.getMethod("assertHealthy").invoke(p); // the provider's own self-tests; throws if they failed
        String version = String.valueOf(c.getMethod("getVersionStr").invoke(p));
        String awsLc = String.valueOf(c.getMethod("getAwsLcVersionStr").invoke(p));
        return new JcaEngine("aws-lc", "Amazon Corretto Crypto Provider " + version + " (" + awsLc + ", native)", p);
      } catch (ReflectiveOperationException | LinkageError | RuntimeException absentOrBroken) {
        return null;
      }
    }
  }

}
