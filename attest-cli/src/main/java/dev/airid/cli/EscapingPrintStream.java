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
  private final java.nio.charset.CharsetEncoder encoder;

  EscapingPrintStream(PrintStream target) {
    this(target, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Prints through {@code target}, which encodes with {@code charset}: what it cannot encode is printed in ASCII. */
  EscapingPrintStream(PrintStream target, java.nio.charset.Charset charset) {
    super(target, false);
    this.target = target;
    this.encoder = charset.newEncoder();
  }

  @Override
  public void print(String s) {
    target.print(fallback(Printable.escape(String.valueOf(s))));
  }

  /**
   * {@code s}, with the characters the stream cannot encode replaced: arrows and dashes by their ASCII spelling,
   * anything else by backslash-u escapes, never by the encoder's '?' (which reads as part of the text).
   */
  private synchronized String fallback(String s) {
    if (encoder.canEncode(s)) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      String c = new String(Character.toChars(cp));
      if (encoder.canEncode(c)) {
        sb.append(c);
      } else {
        sb.append(switch (cp) {
          case 0x2192 -> "->";
          case 0x2190 -> "<-";
          case 0x2191 -> "^";
          case 0x2193 -> "v";
          case 0x2014, 0x2013 -> "--";
          case 0x2026 -> "...";
          case 0x00d7 -> "x";
          case 0x2212 -> "-";
          case 0x2265 -> ">=";
          case 0x2264 -> "<=";
          case 0x00b1 -> "+/-";
          default -> cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp);
        });
      }
    });
    return sb.toString();
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
