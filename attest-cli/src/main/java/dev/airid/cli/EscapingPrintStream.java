package dev.airid.cli;

import dev.airid.text.Printable;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The command's human-facing stream: every string and character printed is passed through {@link Printable#escape}, so
 * that text from bundles, declarations, key files or file names cannot move the cursor, redraw the terminal or reorder
 * a line. Line ends written by {@code println} and {@code %n} stay real line ends. Bytes written with {@code write}
 * pass unchanged: that is how JSON reports (escaped by the JSON writer) and bundles written to standard output leave.
 *
 * <p>Every method forwards to the wrapped stream, so the encoding is that stream's.
 */
final class EscapingPrintStream extends PrintStream {

  private final PrintStream target;

  EscapingPrintStream(PrintStream target) {
    super(target, false);
    this.target = target;
  }

  @Override
  public void print(String s) {
    target.print(Printable.escape(String.valueOf(s)));
  }

  @Override
  public void print(Object o) {
    print(String.valueOf(o));
  }

  @Override
  public void print(char c) {
    print(String.valueOf(c));
  }

  @Override
  public void print(char[] s) {
    print(new String(s));
  }

  @Override
  public void print(boolean b) {
    target.print(b);
  }

  @Override
  public void print(int i) {
    target.print(i);
  }

  @Override
  public void print(long l) {
    target.print(l);
  }

  @Override
  public void print(float f) {
    target.print(f);
  }

  @Override
  public void print(double d) {
    target.print(d);
  }

  @Override
  public void println() {
    target.println();
  }

  @Override
  public void println(String s) {
    synchronized (this) {
      print(s);
      target.println();
    }
  }

  @Override
  public void println(Object o) {
    println(String.valueOf(o));
  }

  @Override
  public void println(char c) {
    println(String.valueOf(c));
  }

  @Override
  public void println(char[] s) {
    println(new String(s));
  }

  @Override
  public void println(boolean b) {
    target.println(b);
  }

  @Override
  public void println(int i) {
    target.println(i);
  }

  @Override
  public void println(long l) {
    target.println(l);
  }

  @Override
  public void println(float f) {
    target.println(f);
  }

  @Override
  public void println(double d) {
    target.println(d);
  }

  /** The format string is the program's; the arguments are data, escaped before formatting, so {@code %n} stays. */
  @Override
  public PrintStream format(String format, Object... args) {
    target.print(String.format(format, escaped(args)));
    return this;
  }

  @Override
  public PrintStream format(Locale l, String format, Object... args) {
    target.print(String.format(l, format, escaped(args)));
    return this;
  }

  @Override
  public PrintStream printf(String format, Object... args) {
    return format(format, args);
  }

  @Override
  public PrintStream printf(Locale l, String format, Object... args) {
    return format(l, format, args);
  }

  /**
   * Strings (and anything printed with its {@code toString}) escaped; numbers, booleans and times as they are. A
   * non-printing {@code char} becomes U+FFFD, since {@code %c} cannot take the escape's several characters.
   */
  private static Object[] escaped(Object[] args) {
    if (args == null) {
      return null;
    }
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      Object a = out[i];
      if (a instanceof Character c) {
        out[i] = Printable.isPrintable(c) ? c : '\uFFFD';
      } else if (a != null && !(a instanceof Number) && !(a instanceof Boolean) && !(a instanceof java.time.temporal.TemporalAccessor)) {
        out[i] = Printable.escape(String.valueOf(a));
      }
    }
    return out;
  }

  @Override
  public PrintStream append(CharSequence csq) {
    print(String.valueOf(csq));
    return this;
  }

  @Override
  public PrintStream append(CharSequence csq, int start, int end) {
    print(String.valueOf(csq == null ? "null" : csq.subSequence(start, end)));
    return this;
  }

  @Override
  public PrintStream append(char c) {
    print(c);
    return this;
  }

  @Override
  public void write(int b) {
    target.write(b);
  }

  @Override
  public void write(byte[] buf, int off, int len) {
    target.write(buf, off, len);
  }

  @Override
  public void flush() {
    target.flush();
  }

  @Override
  public void close() {
    target.close();
  }

  @Override
  public boolean checkError() {
    return target.checkError();
  }
}
