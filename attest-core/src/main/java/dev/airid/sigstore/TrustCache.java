package dev.airid.sigstore;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.internal.AtomicFile;
import dev.sigstore.tuf.RootProvider;
import dev.sigstore.tuf.SigstoreTufClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A local copy of a Sigstore instance's trusted root and signing config, refreshed only on request ({@code airid trust
 * update}) through the instance's TUF repository with sigstore-java's TUF client, which checks the whole metadata chain
 * (signatures, thresholds, versions, expiry, hashes) from a root of trust it ships for the public-good instance.
 * Verification reads the copy and never touches the network.
 *
 * <p>Layout: {@code DIR/trusted_root.json}, {@code DIR/signing_config.json}, and TUF metadata under {@code DIR/tuf/}.
 * Each JSON file is replaced atomically, the trusted root first and only after it parsed strictly; the signing config
 * only if it is usable.
 */
public final class TrustCache {

  /** Sigstore's public-good TUF repository. */
  public static final URI PUBLIC_GOOD_MIRROR = URI.create("https://tuf-repo-cdn.sigstore.dev/");

  private final Path dir;

  public TrustCache(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /** {@code AIRID_TRUST_CACHE}, else {@code $XDG_CACHE_HOME/airid/trust}, else {@code ~/.cache/airid/trust}. */
  public static TrustCache defaultCache(Map<String, String> env) {
    String explicit = env.get("AIRID_TRUST_CACHE");
    if (explicit != null && !explicit.isBlank()) {
      return new TrustCache(Path.of(explicit));
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return new TrustCache(base.resolve("airid").resolve("trust"));
  }

  public Path dir() {
    return dir;
  }

  public Path trustedRootFile() {
    return dir.resolve("trusted_root.json");
  }

  public Path signingConfigFile() {
    return dir.resolve("signing_config.json");
  }

  /** The cached trusted root file, if an update has written one. */
  public Optional<Path> trustedRoot() {
    return Files.isRegularFile(trustedRootFile()) ? Optional.of(trustedRootFile()) : Optional.empty();
  }

  /** The cached signing config file, if an update has written one. */
  public Optional<Path> signingConfig() {
    return Files.isRegularFile(signingConfigFile()) ? Optional.of(signingConfigFile()) : Optional.empty();
  }

  /** What an update fetched. */
  public record Updated(Path trustedRoot, int certificateAuthorities, int tlogs, int ctlogs, int timestampAuthorities,
      Optional<String> signingConfigProblem) {}

  /** Refreshes from Sigstore's public-good TUF repository, trusting the TUF root that sigstore-java ships. */
  public Updated updatePublicGood() throws OperationFailedException, InputRejectedException {
    return update(PUBLIC_GOOD_MIRROR, RootProvider.fromResource(SigstoreTufClient.PUBLIC_GOOD_ROOT_RESOURCE));
  }

  /** Refreshes from the TUF repository at {@code mirror}, trusting {@code tufRoot} (its initial root.json). */
  public Updated update(URI mirror, Path tufRoot) throws OperationFailedException, InputRejectedException {
    if (!Files.isRegularFile(tufRoot)) {
      throw new InputRejectedException(ErrorCode.INPUT_NOT_FOUND, "", -1, tufRoot + ": no such file");
    }
    return update(mirror, RootProvider.fromFile(tufRoot));
  }

  private Updated update(URI mirror, RootProvider root) throws OperationFailedException, InputRejectedException {
    Path tuf = dir.resolve("tuf");
    try {
      Files.createDirectories(tuf);
      SigstoreTufClient client = SigstoreTufClient.builder()
          .tufMirror(mirror, root)
          .tufCacheLocation(tuf)
          .cacheValidity(Duration.ZERO)
          .build();
      client.forceUpdate();
    } catch (IOException | RuntimeException | dev.sigstore.trustroot.SigstoreConfigurationException e) {
      throw new OperationFailedException(ErrorCode.SERVICE_FAILED,
          "TUF update from " + mirror + " failed, the cached trusted root is unchanged: " + dev.airid.internal.Causes.describe(e), e);
    }
    try {
      byte[] rootJson = Files.readAllBytes(tuf.resolve("targets").resolve("trusted_root.json"));
      TrustedRoot parsed = TrustedRoot.parse(dev.airid.json.Json.parse(rootJson));
      // The trusted root first: it is what verification needs. A signing config airid cannot use (say, Rekor v2 only)
      // does not hold it back.
      AtomicFile.write(trustedRootFile(), rootJson, true, false);
      Path config = tuf.resolve("targets").resolve("signing_config.v0.2.json");
      Optional<String> configProblem = Optional.of("the repository has no signing_config.v0.2.json");
      if (Files.isRegularFile(config)) {
        byte[] configJson = Files.readAllBytes(config);
        try {
          SigningConfig.parse(dev.airid.json.Json.parse(configJson), Instant.now());
          AtomicFile.write(signingConfigFile(), configJson, true, false);
          configProblem = Optional.empty();
        } catch (InputRejectedException e) {
          configProblem = Optional.of(e.getMessage());
        }
      }
      if (configProblem.isPresent()) {
        // A signing config from before this update no longer belongs with the new trusted root.
        Files.deleteIfExists(signingConfigFile());
      }
      return new Updated(trustedRootFile(), parsed.certificateAuthorities().size(), parsed.tlogs().size(), parsed.ctlogs().size(),
          parsed.timestampAuthorities().size(), configProblem);
    } catch (IOException e) {
      throw new OperationFailedException(ErrorCode.IO_ERROR, "cannot write the trust cache " + dir + ": " + e.getMessage(), e);
    }
  }
}
