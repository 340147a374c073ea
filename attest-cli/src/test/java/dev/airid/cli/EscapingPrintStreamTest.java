package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EscapingPrintStreamTest {

  @Test
  void textIsEscapedLineEndsAndBytesAreNot() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream p = new EscapingPrintStream(new PrintStream(sink, true, StandardCharsets.UTF_8));
    String nl = System.lineSeparator();
    p.println("a\u001b[2Jb");
    p.print('\u202e');
    p.print(new char[] {'\r'});
    p.println((Object) "\u0007");
    p.printf("%s|%d|%c|%c%n", "x\ny", 42, 'é', '\u0000');
    p.append("\u2066").append('\u009b').append("z\u2069z", 1, 2);
    p.println(7);
    byte[] json = "{\"a\":\"\\u001b\"}\n".getBytes(StandardCharsets.UTF_8);
    p.write(json, 0, json.length);
    p.write('\u001b');
    p.flush();
    assertEquals("a\\u001B[2Jb" + nl + "\\u202E\\r\\u0007" + nl + "x\\ny|42|é|\uFFFD" + nl + "\\u2066\\u009B\\u20697" + nl
        + "{\"a\":\"\\u001b\"}\n\u001b", sink.toString(StandardCharsets.UTF_8));
  }
}
