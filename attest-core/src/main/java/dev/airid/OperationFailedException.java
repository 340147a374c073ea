package dev.airid;

/**
 * The operation could not be carried out for a reason that is not the input's fault: an I/O error, a missing
 * cryptographic algorithm, an unreachable service. Retrying may succeed.
 */
public final class OperationFailedException extends AiridException {

  private static final long serialVersionUID = 1L;

  public OperationFailedException(ErrorCode code, String message, Throwable cause) {
    super(code, code.name() + ": " + message, cause);
  }

  public OperationFailedException(ErrorCode code, String message) {
    this(code, message, null);
  }
}
