package dev.airid.cli;

import dev.airid.ErrorCode;
import dev.airid.InputRejectedException;

/** Usage errors found after parsing (combinations of options), reported like input errors (exit 2). */
final class Usage {

  private Usage() {}

  static InputRejectedException error(String reason) {
    return InputRejectedException.of(ErrorCode.USAGE, reason);
  }
}
