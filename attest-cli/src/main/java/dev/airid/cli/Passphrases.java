package dev.airid.cli;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;
import java.io.Console;

/**
 * Where passphrases come from: an environment variable named by the user, or an interactive prompt. Never from a
 * command-line argument, which other users of the machine can read in the process list.
 */
final class Passphrases {

  private Passphrases() {}

  /** The passphrase in environment variable {@code var}; an unset or empty variable is an error. */
  static char[] fromEnv(String var) throws InputRejectedException {
    String v = System.getenv(var);
    if (v == null || v.isEmpty()) {
      throw InputRejectedException.of(ErrorCode.KEY_PASSPHRASE, "environment variable " + var + " is not set or empty");
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

  /** The passphrase for reading {@code keyFile}: from {@code envVar} if given, else a prompt, else none. */
  static char[] forReading(String envVar, String keyFile) throws InputRejectedException {
    if (envVar != null) {
      return fromEnv(envVar);
    }
    return prompt("Passphrase for " + keyFile + ": ");
  }
}
