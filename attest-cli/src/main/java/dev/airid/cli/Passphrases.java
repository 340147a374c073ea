package dev.airid.cli;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.io.Console;
import java.util.Map;

/**
 * Where passphrases come from: an environment variable named by the user, or an interactive prompt. Never from a
 * command-line argument, which other users of the machine can read in the process list.
 */
final class Passphrases {

  private Passphrases() {}

  /**
   * The passphrase in environment variable {@code var} of {@code env}; an unset or empty variable is an error. The
   * error does not repeat {@code var}: a user who gives the passphrase itself by mistake must not see it printed,
   * logged or kept in a CI transcript.
   */
  static char[] fromEnv(Map<String, String> env, String var) throws InputRejectedException {
    String v = env.get(var);
    if (v == null || v.isEmpty()) {
      boolean aName = var.matches("[A-Za-z_][A-Za-z0-9_]{0,127}");
      throw InputRejectedException.of(ErrorCode.KEY_PASSPHRASE, aName
          ? "the environment variable named by --passphrase-env is not set or is empty"
          : "--passphrase-env takes the NAME of an environment variable that holds the passphrase, not the passphrase");
    }
    return v.toCharArray();
  }

  /** Prompts on the terminal; null when there is no terminal. */
  static char[] prompt(String message) {
    Console console = System.console();
    if (console == null) {
      return null;
    }
    return console.readPassword("%s", message);
  }

  /** The variable read when --passphrase-env is not given, as cosign reads COSIGN_PASSWORD. */
  static final String DEFAULT_VARIABLE = "AIRID_PASSPHRASE";

  /** The passphrase in {@link #DEFAULT_VARIABLE}, or null when it is unset or empty. */
  static char[] fromDefault(Map<String, String> env) {
    String v = env.get(DEFAULT_VARIABLE);
    return v == null || v.isEmpty() ? null : v.toCharArray();
  }

  /**
   * The passphrase for reading {@code keyFile}: from {@code envVar} of {@code env} if given, else from {@link
   * #DEFAULT_VARIABLE}, else a prompt, else none.
   */
  static char[] forReading(Map<String, String> env, String envVar, String keyFile) throws InputRejectedException {
    if (envVar != null) {
      return fromEnv(env, envVar);
    }
    char[] fromDefault = fromDefault(env);
    return fromDefault != null ? fromDefault : prompt("Passphrase for " + keyFile + ": ");
  }
}
