package dev.airid;

import java.util.Objects;
import java.util.Optional;

/**
 * The input was rejected: it is malformed, violates a rule of the airid specification, or exceeds a documented limit.
 *
 * <p>{@link #pointer()} names where, as an RFC 6901 JSON Pointer into the document being read (empty string for the
 * whole document) when the error lies inside a JSON document, and {@link #offset()} gives the byte offset into the
 * input where it was detected, when known.
 */
public final class InputRejectedException extends AiridException {

  private static final long serialVersionUID = 1L;

  private final String pointer;
  private final long offset;
  private final String reason;

  /**
   * @param code the stable error code
   * @param pointer JSON Pointer to the offending value, or {@code null} when the error is not inside a JSON document
   * @param offset byte offset of the error in the input, or -1 when unknown
   * @param reason what is wrong, one sentence without trailing period, never containing secret material
   */
  public InputRejectedException(ErrorCode code, String pointer, long offset, String reason) {
    this(code, pointer, offset, reason, null);
  }

  public InputRejectedException(
      ErrorCode code, String pointer, long offset, String reason, Throwable cause) {
    super(code, format(code, pointer, offset, reason), cause);
    this.pointer = pointer;
    this.offset = offset;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** An error that does not refer to a place in a JSON document (a file name, an argument, a key). */
  public static InputRejectedException of(ErrorCode code, String reason) {
    return new InputRejectedException(code, null, -1, reason);
  }

  /** Where the error is, as a JSON Pointer ({@code ""} is the whole document), if it is inside a JSON document. */
  public Optional<String> pointer() {
    return Optional.ofNullable(pointer);
  }

  /** Byte offset into the input where the error was detected, or -1. */
  public long offset() {
    return offset;
  }

  /** The reason alone, without code or location. */
  public String reason() {
    return reason;
  }

  private static String format(ErrorCode code, String pointer, long offset, String reason) {
    StringBuilder sb = new StringBuilder(code.name()).append(": ").append(reason);
    if (pointer != null) {
      sb.append(" at ").append(pointer.isEmpty() ? "(document root)" : pointer);
    }
    if (offset >= 0) {
      sb.append(" (byte ").append(offset).append(')');
    }
    return sb.toString();
  }
}
