package dev.airid;

import java.util.Objects;

/**
 * The one checked exception airid throws. It has exactly two families, so that a caller can tell "your input is wrong"
 * from "the operation could not be carried out":
 *
 * <ul>
 *   <li>{@link InputRejectedException}: the input is malformed, invalid or does not verify. Retrying with the same
 *       input gives the same answer.
 *   <li>{@link OperationFailedException}: the input may be fine, but the environment failed (I/O, a missing crypto
 *       provider, a network service).
 * </ul>
 *
 * <p>Every instance carries a stable {@link ErrorCode}; tests and programs compare codes, never message text. Messages
 * never contain secret material.
 */
public abstract sealed class AiridException extends Exception
    permits InputRejectedException, OperationFailedException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  AiridException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The stable code of this error. */
  public ErrorCode code() {
    return code;
  }
}
