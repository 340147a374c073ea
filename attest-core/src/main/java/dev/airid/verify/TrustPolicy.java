package dev.airid.verify;

import dev.airid.AiridException;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SignatureAlgorithm;
import dev.airid.keys.VerificationKey;
import dev.airid.policy.Policy;
import dev.airid.sigstore.CertificateIdentity;
import dev.airid.sigstore.TrustedRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link Verifier} trusts, in one place: public keys (with a threshold of distinct signers), keyless signer
 * identities (with the trusted root that vouches for certificates, logs and timestamp authorities), an optional airid
 * {@link Policy} applied to what verifies, and the clock read at every verification — so one verifier serves a
 * long-lived process.
 *
 * <p>A bundle signed with a key is judged by the keys; a bundle signed with a certificate by the identities. Keys are
 * told apart by their mathematical value ({@link VerificationKey#materialId()}): one signer listed twice is refused,
 * so a threshold can never be met by one key counted twice. Immutable and thread-safe; build with {@link #builder()}.
 */
public final class TrustPolicy {

  private final List<VerificationKey> keys;
  private final int threshold;
  private final List<CertificateIdentity> identities;
  private final Optional<TrustedRoot> root;
  private final Optional<Policy> policy;
  private final Clock clock;
  private final boolean requireLog;

  private TrustPolicy(Builder b, int threshold, Optional<TrustedRoot> root) {
    this.keys = List.copyOf(b.keys);
    this.threshold = threshold;
    this.identities = List.copyOf(b.identities);
    this.root = root;
    this.policy = Optional.ofNullable(b.policy);
    this.clock = b.clock;
    this.requireLog = b.requireLog;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Trusts one key, with the system clock: the simplest policy, which cannot be inconsistent. */
  public static TrustPolicy of(VerificationKey key) {
    Builder b = builder().trustedKey(key);
    return new TrustPolicy(b, 1, Optional.empty());
  }

  /** The trusted keys; empty if only identities are trusted. */
  public List<VerificationKey> trustedKeys() {
    return keys;
  }

  /** Distinct trusted keys that must each have signed a key-signed bundle. */
  public int threshold() {
    return threshold;
  }

  /** The trusted keyless identities; empty if only keys are trusted. */
  public List<CertificateIdentity> trustedIdentities() {
    return identities;
  }

  /** The trusted root: required with identities, optional with keys (then log entries in key bundles are checked). */
  public Optional<TrustedRoot> trustedRoot() {
    return root;
  }

  /** The airid policy applied to what verifies. */
  public Optional<Policy> policy() {
    return policy;
  }

  /** The clock read at each verification. */
  public Clock clock() {
    return clock;
  }

  /** Whether key-signed bundles must carry a transparency log entry (Sigstore clients' default for managed keys). */
  public boolean requiresTransparencyLog() {
    return requireLog;
  }

  /** Builds a {@link TrustPolicy}. Not thread-safe; defaults: threshold 1, the system clock, no policy. */
  public static final class Builder {
    private final List<VerificationKey> keys = new ArrayList<>();
    private Integer threshold;
    private final List<CertificateIdentity> identities = new ArrayList<>();
    private TrustedRoot root;
    private Policy policy;
    private Clock clock = Clock.systemUTC();
    private boolean requireLog;
    private java.util.concurrent.Callable<TrustedRoot> fallbackRoot;

    private Builder() {}

    public Builder trustedKey(VerificationKey key) {
      keys.add(Objects.requireNonNull(key, "key"));
      return this;
    }

    public Builder trustedKeys(List<VerificationKey> keys) {
      keys.forEach(this::trustedKey);
      return this;
    }

    /** Distinct trusted keys that must have signed (default 1). */
    public Builder threshold(int threshold) {
      this.threshold = threshold;
      return this;
    }

    public Builder trustedIdentity(CertificateIdentity identity) {
      identities.add(Objects.requireNonNull(identity, "identity"));
      return this;
    }

    public Builder trustedIdentities(List<CertificateIdentity> identities) {
      identities.forEach(this::trustedIdentity);
      return this;
    }

    public Builder trustedRoot(TrustedRoot root) {
      this.root = Objects.requireNonNull(root, "root");
      return this;
    }

    /**
     * Where the trusted root comes from when identities need one and none was given, or the policy's signers bring
     * none (e.g. the cache {@code airid trust update} fills). Read only if needed.
     */
    public Builder fallbackTrustedRoot(java.util.concurrent.Callable<TrustedRoot> fallback) {
      this.fallbackRoot = Objects.requireNonNull(fallback, "fallback");
      return this;
    }

    /** Applies {@code policy}'s rules and requirements to what verifies. */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Trusts the signers {@code policy} names, as spec/policy.md §5.2 says: its {@code trustedKeys} (files relative to
     * {@code policyDirectory}, bound to {@code keyAlgorithm} or their type's default) with its threshold, and its
     * {@code trustedIdentities} with its {@code trustedRoot}. Call it only when no signers are given otherwise: given
     * signers replace the policy's.
     */
    public Builder signersOf(Policy policy, Path policyDirectory, Optional<SignatureAlgorithm> keyAlgorithm) throws AiridException {
      Policy.Requirements req = policy.requirements();
      for (String k : req.trustedKeys()) {
        Path file = policyDirectory.resolve(k);
        keys.add(KeyFiles.readPublic(read(file, KeyFiles.MAX_KEY_FILE_BYTES), file.toString(), keyAlgorithm));
      }
      if (!req.trustedKeys().isEmpty() && threshold == null) {
        threshold = req.threshold();
      }
      identities.addAll(req.trustedIdentities());
      trustedRootOf(policy, policyDirectory);
      return this;
    }

    /** Uses {@code policy}'s {@code trustedRoot} (relative to {@code policyDirectory}), if it names one and none was given. */
    public Builder trustedRootOf(Policy policy, Path policyDirectory) throws AiridException {
      if (root == null && policy.requirements().trustedRoot().isPresent()) {
        Path file = policyDirectory.resolve(policy.requirements().trustedRoot().get());
        read(file, TrustedRoot.MAX_BYTES); // a clear error for a missing file before the parser's
        try {
          root = TrustedRoot.read(file);
        } catch (IOException e) {
          throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + dev.airid.internal.Causes.describe(e), e);
        }
      }
      return this;
    }

    /** Key-signed bundles must carry a transparency log entry, checked against the trusted root. */
    public Builder requireTransparencyLog(boolean require) {
      this.requireLog = require;
      return this;
    }

    /** The clock read at each verification, to refuse evidence from the future and judge policy ages. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The policy.
     *
     * @throws InputRejectedException {@link ErrorCode#TRUST_POLICY_INVALID} when nothing is trusted, one signer is
     *     listed twice, the threshold is outside 1 … number of keys, or identities come without a trusted root
     * @throws OperationFailedException if the fallback trusted root cannot be read
     */
    public TrustPolicy build() throws AiridException {
      if (keys.isEmpty() && identities.isEmpty()) {
        throw invalid("nothing is trusted: give trusted keys, or keyless identities with a trusted root");
      }
      Set<String> signers = new HashSet<>();
      for (VerificationKey k : keys) {
        if (!signers.add(k.materialId())) {
          throw invalid("a trusted key is listed twice (key " + k.keyId() + "): one signer counts once, however its key is spelled");
        }
      }
      int t = threshold == null ? 1 : threshold;
      if (!keys.isEmpty() && (t < 1 || t > keys.size())) {
        throw invalid("the threshold must be between 1 and the number of trusted keys (" + keys.size() + "), not " + t);
      }
      if (keys.isEmpty() && threshold != null && threshold != 1) {
        throw invalid("a threshold applies to trusted keys, and none are given");
      }
      TrustedRoot r = root;
      if (r == null && !identities.isEmpty() && fallbackRoot != null) {
        try {
          r = fallbackRoot.call();
        } catch (AiridException e) {
          throw e;
        } catch (Exception e) {
          throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot read the trusted root: " + dev.airid.internal.Causes.describe(e), e);
        }
      }
      if (r == null && !identities.isEmpty()) {
        throw invalid("keyless identities need a trusted root (trusted_root.json) to verify certificates against");
      }
      if (requireLog && r == null) {
        throw invalid("requiring transparency log entries needs a trusted root to check them against");
      }
      return new TrustPolicy(this, t, Optional.ofNullable(r));
    }

    private static InputRejectedException invalid(String reason) {
      return InputRejectedException.of(ErrorCode.TRUST_POLICY_INVALID, reason);
    }

    private static byte[] read(Path file, int max) throws AiridException {
      try {
        if (Files.size(file) > max) {
          throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, file + " is larger than " + max + " bytes");
        }
        return Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, file + " does not exist");
      } catch (IOException e) {
        throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + dev.airid.internal.Causes.describe(e), e);
      }
    }
  }

  @Override
  public String toString() {
    return "TrustPolicy[" + keys.size() + " key(s), threshold " + threshold + ", " + identities.size() + " identit"
        + (identities.size() == 1 ? "y" : "ies") + (root.isPresent() ? ", trusted root" : "") + (policy.isPresent() ? ", policy" : "") + "]";
  }
}
