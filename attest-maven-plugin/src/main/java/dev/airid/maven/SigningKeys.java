package dev.airid.maven;

import dev.airid.AiridException;
import dev.airid.keys.KeyFiles;
import dev.airid.keys.SigningKey;
import dev.airid.text.Printable;
import java.io.File;
import java.io.IOException;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Loads the signing key of a goal. The passphrase of an encrypted key comes from an environment variable or from the
 * password of a {@code <server>} in settings.xml (decrypted with Maven's settings security) — never from the POM.
 */
final class SigningKeys {

  private SigningKeys() {}

  static SigningKey load(File key, String passphraseEnv, String passphraseServerId, Settings settings,
      SettingsDecrypter decrypter) throws MojoExecutionException, MojoFailureException {
    if (key == null) {
      throw new MojoExecutionException("no signing key: set <key> to a private key file (PEM or JWK)");
    }
    byte[] data;
    try {
      data = Files.readAllBytes(key.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException("cannot read the signing key " + key + ": " + e.getMessage());
    }
    char[] passphrase = null;
    if (KeyFiles.isEncrypted(data)) {
      passphrase = passphrase(key, passphraseEnv, passphraseServerId, settings, decrypter);
    }
    try {
      return KeyFiles.readPrivate(data, key.toString(), passphrase, Optional.empty());
    } catch (AiridException e) {
      throw new MojoFailureException(Printable.escape("signing key " + key + ": " + e.getMessage()));
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
  }

  private static char[] passphrase(File key, String env, String serverId, Settings settings, SettingsDecrypter decrypter)
      throws MojoExecutionException {
    if (env != null && !env.isEmpty()) {
      String v = System.getenv(env);
      if (v == null || v.isEmpty()) {
        // The name is not repeated: whoever put the passphrase itself into <passphraseEnv> must not find it in the log.
        throw new MojoExecutionException(key + " is encrypted, and the environment variable named by <passphraseEnv> is not set");
      }
      return v.toCharArray();
    }
    if (serverId != null && !serverId.isEmpty()) {
      Server server = settings == null ? null : settings.getServer(serverId);
      if (server == null) {
        throw new MojoExecutionException(key + " is encrypted, and settings.xml has no <server> with id " + serverId);
      }
      SettingsDecryptionResult r = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
      for (SettingsProblem p : r.getProblems()) {
        if (p.getSeverity() != SettingsProblem.Severity.WARNING) {
          throw new MojoExecutionException("cannot decrypt the password of server " + serverId + ": " + p.getMessage());
        }
      }
      String pw = r.getServer().getPassword();
      if (pw == null || pw.isEmpty()) {
        throw new MojoExecutionException("server " + serverId + " in settings.xml has no password");
      }
      return pw.toCharArray();
    }
    throw new MojoExecutionException(key + " is encrypted: set <passphraseEnv> (an environment variable name) or "
        + "<passphraseServerId> (a settings.xml server whose password is the passphrase)");
  }
}
