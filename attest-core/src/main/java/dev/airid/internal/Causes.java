package dev.airid.internal;

/** One-line descriptions of exception chains, for error messages that users read. */
public final class Causes {

  private Causes() {}

  /**
   * The messages of {@code t} and its causes, joined by ": ", at most about 400 characters and on one line. A cause
   * without a message gives its class name.
   */
  public static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null && sb.length() < 400; c = c.getCause()) {
      if (sb.length() > 0) {
        sb.append(": ");
      }
      // Network causes carry only a host or address as message; say what happened to it.
      String prefix = c instanceof java.net.UnknownHostException ? "cannot resolve host "
          : c instanceof java.net.ConnectException ? "cannot connect: " : "";
      sb.append(prefix).append(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().replace('\n', ' '));
    }
    return sb.toString();
  }
}
