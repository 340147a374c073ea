package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SignatureAlgorithm;
import dev.airid.keys.VerificationKey;
import dev.airid.policy.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The keys a verifying command trusts: its {@code --key} files, else the policy's {@code trustedKeys}. */
final class TrustedKeys {

  /**
   * @param keys the keys, read and bound to their algorithm
   * @param policyThreshold the policy's threshold, when the keys came from the policy
   */
  record Trust(List<VerificationKey> keys, OptionalInt policyThreshold) {}

  private TrustedKeys() {}

  /** Reads {@code keyFiles}, or, when there are none, the policy's key files (relative to {@code policyFile}). */
  static Trust read(Io io, List<String> keyFiles, Policy policy, String policyFile, Optional<SignatureAlgorithm> alg)
      throws AiridException {
    List<String> files = new ArrayList<>(keyFiles);
    OptionalInt policyThreshold = OptionalInt.empty();
    if (files.isEmpty() && policy != null) {
      Path dir = Path.of(policyFile).toAbsolutePath().getParent();
      policy.requirements().trustedKeys().forEach(k -> files.add(dir.resolve(k).toString()));
      policyThreshold = OptionalInt.of(policy.requirements().threshold());
    }
    if (files.isEmpty()) {
      throw Usage.error("no trusted key: give --key PUB, or a --policy that lists trustedKeys");
    }
    List<VerificationKey> keys = new ArrayList<>();
    for (String k : files) {
      keys.add(KeyFiles.readPublic(io.read(k, KeyFiles.MAX_KEY_FILE_BYTES), k, alg));
    }
    return new Trust(keys, policyThreshold);
  }
}
