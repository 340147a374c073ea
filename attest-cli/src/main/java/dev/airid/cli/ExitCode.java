package dev.airid.cli;

/** The exit codes of {@code airid}. They are part of the command's contract and are listed in its help. */
final class ExitCode {

  /** Success: the command did what was asked, and any verification passed. */
  static final int OK = 0;
  /** A check failed: the input was readable, but it did not verify or a policy rejected it. */
  static final int CHECK_FAILED = 1;
  /** Bad input or usage: malformed or invalid file, unknown option, missing file, output exists. */
  static final int BAD_INPUT = 2;
  /** The operation failed: reading or writing a file, a missing algorithm, a service. */
  static final int OPERATION_FAILED = 3;
  /** A bug in airid. Please report it with the command line (never with key material). */
  static final int INTERNAL = 70;

  static final String HELP_FOOTER =
      "%nExit codes:%n"
          + "  0   success (verified, approved)%n"
          + "  1   a check failed (not verified, rejected)%n"
          + "  2   bad input or usage (malformed file, unknown option, missing file, output exists)%n"
          + "  3   operation failed (I/O error, unavailable algorithm or service)%n"
          + "  70  internal error (a bug; please report it)%n";

  /** For commands that check nothing, so never exit 1. */
  static final String HELP_FOOTER_NO_CHECK =
      "%nExit codes:%n"
          + "  0   success%n"
          + "  2   bad input or usage (malformed file, unknown option, missing file, output exists)%n"
          + "  3   operation failed (I/O error, unavailable algorithm or service)%n"
          + "  70  internal error (a bug; please report it)%n";

  private ExitCode() {}
}
