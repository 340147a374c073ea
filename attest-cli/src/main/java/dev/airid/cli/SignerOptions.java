package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import dev.airid.OperationFailedException;
import dev.airid.attest.Attestor;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SigningKey;
import dev.airid.sigstore.IdentityToken;
import dev.airid.sigstore.KeylessSigner;
import dev.airid.sigstore.SigningConfig;
import dev.airid.sigstore.TrustedRoot;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How the signing commands sign: with a local key ({@code --key}, {@code --passphrase-env}), or keylessly with Sigstore
 * ({@code --keyless}, {@code --signing-config}, {@code --trusted-root}, {@code --identity-token}). Exactly one.
 */
final class SignerOptions {

  @Option(names = {"-k", "--key"}, paramLabel = "KEY",
      description = "Private key: PEM (PKCS#8, possibly encrypted) or JWK, e.g. from 'airid keygen'.")
  String key;

  @Option(names = "--passphrase-env", paramLabel = "VAR",
      description = "Read the key's passphrase from environment variable VAR. Default: AIRID_PASSPHRASE if it is set, else a prompt.")
  String passphraseEnv;

  @Option(names = "--keyless",
      description = "Sign with Sigstore instead of a key: an ephemeral key, a Fulcio certificate for your OIDC identity, "
          + "and a Rekor log entry. The bundle is verified against the trusted root before it is written.")
  boolean keyless;

  @Option(names = "--signing-config", paramLabel = "FILE",
      description = "Sigstore signing config (v0.2) naming Fulcio and Rekor. Default: the one 'airid trust update' cached "
          + "(with no --trusted-root), else Sigstore's public-good instance.")
  Path signingConfig;

  @Option(names = "--trusted-root", paramLabel = "FILE",
      description = "Sigstore trusted root (trusted_root.json) of the instance that signs; every bundle is verified "
          + "against it before it is written. Default: the one 'airid trust update' cached.")
  Path trustedRoot;

  @Option(names = "--identity-token", paramLabel = "TOKEN|@FILE",
      description = "OIDC identity token for Fulcio. Default: $SIGSTORE_ID_TOKEN, else GitHub Actions' ambient token, "
          + "else (at a terminal, not in CI) a browser sign-in whose address is printed on stderr.")
  String identityToken;

  /** The loaded signer, and what names it in reports. */
  record Loaded(Attestor attestor, Optional<SigningKey> key, Optional<TrustedRoot> trustedRoot, String signedBy) {}

  Loaded load(Io io) throws AiridException {
    if ((key == null) == !keyless) {
      throw Usage.error(keyless ? "give --key or --keyless, not both" : "give --key KEY, or --keyless to sign with Sigstore");
    }
    if (!keyless) {
      if (signingConfig != null || trustedRoot != null || identityToken != null) {
        throw Usage.error("--signing-config, --trusted-root and --identity-token go with --keyless");
      }
      SigningKey k = loadKey(io);
      return new Loaded(new Attestor(k), Optional.of(k), Optional.empty(), "key " + k.keyId());
    }
    if (passphraseEnv != null) {
      throw Usage.error("--passphrase-env goes with --key");
    }
    TrustedRoot root = readTrustedRoot(trustedRootOrCache(trustedRoot, io));
    SigningConfig services = readSigningConfig(
        signingConfig != null ? signingConfig : trustedRoot == null ? io.trustCache().signingConfig().orElse(null) : null);
    var http = KeylessSigner.defaultHttpClient();
    // Browser sign-in only with a person at a terminal; a pipeline without a token gets the error that says what to set.
    Optional<IdentityToken.Interactive> signIn = System.console() == null ? Optional.empty()
        : Optional.of(new IdentityToken.Interactive(services.oidcIssuer().orElse(SigningConfig.PUBLIC_GOOD.oidcIssuer().get()),
            IdentityToken.SIGSTORE_CLIENT_ID, url -> openBrowser(io, url)));
    IdentityToken token = IdentityToken.resolve(Optional.ofNullable(identityToken), io.env, http, signIn);
    return new Loaded(new Attestor(new KeylessSigner(services, root, token, http, Clock.systemUTC())), Optional.empty(), Optional.of(root),
        "Sigstore keyless, token for " + token.subject() + " from " + token.issuer());
  }

  /** Shows the sign-in address on stderr and, on a desktop, opens it. */
  private static void openBrowser(Io io, String url) {
    io.err.println("airid: sign in to get a signing certificate: " + url);
    try {
      if (java.awt.Desktop.isDesktopSupported() && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
        java.awt.Desktop.getDesktop().browse(java.net.URI.create(url));
      }
    } catch (IOException | RuntimeException | LinkageError headless) {
      // the address is on stderr: open it by hand
    }
  }

  /**
   * {@code explicit}, else the trust cache's trusted root; with neither, a usage error that says which of the two to
   * do.
   */
  static Path trustedRootOrCache(Path explicit, Io io) throws AiridException {
    if (explicit != null) {
      return explicit;
    }
    dev.airid.sigstore.TrustCache cache = io.trustCache();
    return cache.trustedRoot().orElseThrow(() -> Usage.error("no trusted root: pass --trusted-root FILE, or run "
        + "'airid trust update' once to cache Sigstore's public-good root (nothing is cached in " + cache.dir() + ")"));
  }

  /** The signing config in {@code file}, or Sigstore's public-good instance when {@code file} is null. */
  static SigningConfig readSigningConfig(Path file) throws AiridException {
    if (file == null) {
      return SigningConfig.PUBLIC_GOOD;
    }
    try {
      return SigningConfig.read(file, Instant.now());
    } catch (IOException e) {
      throw missing(file, e);
    }
  }

  static TrustedRoot readTrustedRoot(Path file) throws AiridException {
    try {
      return TrustedRoot.read(file);
    } catch (IOException e) {
      throw missing(file, e);
    }
  }

  static AiridException missing(Path file, IOException e) {
    return e instanceof NoSuchFileException
        ? InputRejectedException.of(ErrorCode.INPUT_NOT_FOUND, file + ": no such file")
        : new OperationFailedException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
  }

  private SigningKey loadKey(Io io) throws AiridException {
    byte[] data = io.read(key, KeyFiles.MAX_KEY_FILE_BYTES);
    boolean encrypted = KeyFiles.isEncrypted(data);
    char[] passphrase = encrypted ? Passphrases.forReading(io.env, passphraseEnv, key) : null;
    if (encrypted && passphrase == null) {
      throw InputRejectedException.of(ErrorCode.KEY_PASSPHRASE,
          key + " is encrypted; give its passphrase in AIRID_PASSPHRASE or with --passphrase-env VAR (there is no terminal to prompt on)");
    }
    try {
      return KeyFiles.readPrivate(data, key, passphrase, Optional.empty());
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
  }
}
