package dev.airid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airid.ErrorCode;
import dev.airid.testing.Paths2;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code and its two reference documents list the same things: docs/errors.md every {@link ErrorCode} and every exit
 * code of the CLI; spec/limits.md every limit constant of attest-core and attest-cli (every non-private static final
 * number whose name has MAX or MIN as a word), with its value and a boundary test that exists. A code, exit code or
 * limit added without its documentation fails here.
 */
class LimitsDocumentationTest {

  /** Codes the CLI reports that are not ErrorCodes: Main.failure's code for an unexpected exception. */
  static final Set<String> CLI_ONLY_CODES = Set.of("INTERNAL");

  static final Pattern LIMIT_NAME = Pattern.compile("(^|_)(MAX|MIN)(_|$)");

  /** The rows of the first Markdown table after {@code heading}, as lists of cells (header and rule rows dropped). */
  static List<List<String>> table(Path file, String heading) throws Exception {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int i = lines.indexOf(heading);
    assertTrue(i >= 0, file + " has no heading " + heading);
    while (!lines.get(i).startsWith("|")) {
      i++;
    }
    List<List<String>> rows = new ArrayList<>();
    for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String l = lines.get(i);
      rows.add(Arrays.stream(l.substring(1, l.length() - 1).split("\\|", -1)).map(String::strip).toList());
    }
    return rows;
  }

  static String code(String cell) {
    Matcher m = Pattern.compile("^`([^`]+)`").matcher(cell);
    return m.find() ? m.group(1) : cell;
  }

  @Test
  void docsErrorsListsEveryErrorCodeAndNoOther() throws Exception {
    Path errors = Paths2.repositoryRoot().resolve("docs/errors.md");
    Set<String> documented = new TreeSet<>();
    for (List<String> row : table(errors, "## Error codes")) {
      assertTrue(documented.add(code(row.get(0))), "listed twice: " + row.get(0));
      assertTrue(row.stream().noneMatch(String::isEmpty), "every column is filled: " + row);
    }
    for (List<String> row : table(errors, "### Codes of the CLI only")) {
      assertTrue(documented.add(code(row.get(0))), "listed twice: " + row.get(0));
    }
    Set<String> inCode = new TreeSet<>(CLI_ONLY_CODES);
    Arrays.stream(ErrorCode.values()).map(Enum::name).forEach(inCode::add);
    assertEquals(inCode, documented, "docs/errors.md and dev.airid.ErrorCode (plus the CLI's own codes) differ");
  }

  @Test
  void docsErrorsListsEveryExitCode() throws Exception {
    Set<Integer> documented = new TreeSet<>();
    for (List<String> row : table(Paths2.repositoryRoot().resolve("docs/errors.md"), "## Exit codes of `airid`")) {
      documented.add(Integer.parseInt(row.get(0)));
    }
    Set<Integer> inCode = new TreeSet<>();
    for (Field f : ExitCode.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
        f.setAccessible(true);
        inCode.add(f.getInt(null));
      }
    }
    assertEquals(inCode, documented, "docs/errors.md and ExitCode differ");
  }

  /** {@code Class.FIELD} → value, for every limit constant of the classes beside {@code anchor}. */
  static Map<String, Long> limitConstants(Class<?> anchor) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    Path where = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> classes = new ArrayList<>();
    if (Files.isDirectory(where)) {
      try (Stream<Path> s = Files.walk(where)) {
        s.filter(p -> p.toString().endsWith(".class")).forEach(p -> classes.add(where.relativize(p).toString()));
      }
    } else {
      try (JarFile jar = new JarFile(where.toFile())) {
        jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).forEach(classes::add);
      }
    }
    for (String file : classes) {
      String name = file.substring(0, file.length() - ".class".length()).replace('/', '.').replace('\\', '.');
      if (!name.startsWith("dev.airid.") || name.endsWith("module-info") || name.endsWith("package-info")) {
        continue;
      }
      Class<?> c = Class.forName(name, false, anchor.getClassLoader());
      for (Field f : c.getDeclaredFields()) {
        int mod = f.getModifiers();
        boolean number = f.getType() == int.class || f.getType() == long.class;
        if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && !Modifier.isPrivate(mod) && number && LIMIT_NAME.matcher(f.getName()).find()) {
          f.setAccessible(true);
          out.put(c.getSimpleName() + "." + f.getName(), ((Number) f.get(null)).longValue());
        }
      }
    }
    return out;
  }

  @Test
  void specLimitsListsEveryLimitConstantWithItsValueAndATest() throws Exception {
    Map<String, Long> inCode = new TreeMap<>(limitConstants(ErrorCode.class)); // attest-core
    inCode.putAll(limitConstants(Main.class)); // attest-cli
    assertTrue(inCode.size() >= 25, "the scan found the limit constants: " + inCode);

    Map<String, Long> documented = new TreeMap<>();
    for (List<String> row : table(Paths2.repositoryRoot().resolve("spec/limits.md"), "# Limits")) {
      assertEquals(6, row.size(), "| Limit | Value | Constant | On excess | Spec | Boundary test |: " + row);
      Matcher number = Pattern.compile("[0-9][0-9,]*").matcher(row.get(1));
      assertTrue(number.find(), "a value: " + row);
      long value = Long.parseLong(number.group().replace(",", ""));
      String constant = row.get(2);
      if (!constant.equals("—")) {
        documented.put(code(constant), value);
      }
      String test = code(row.get(5));
      String[] parts = test.split("#");
      Class<?> c = Class.forName(parts[0]);
      Method m = c.getDeclaredMethod(parts[1]);
      assertTrue(m.isAnnotationPresent(Test.class), test + " is a @Test");
    }
    assertEquals(inCode, documented, "spec/limits.md and the code's limit constants (names and values) differ");
  }

  @Test
  void theDocumentsLinkToEachOther() throws Exception {
    Path root = Paths2.repositoryRoot();
    for (String link : List.of("docs/errors.md", "spec/limits.md")) {
      String readme = Files.readString(root.resolve("README.md"));
      assertTrue(readme.contains("(" + link + ")"), "README links " + link);
    }
    assertTrue(Files.readString(root.resolve("spec/README.md")).contains("limits.md"));
    assertTrue(Files.readString(root.resolve("spec/limits.md")).contains("(../docs/errors.md)"));
    assertTrue(Files.readString(root.resolve("docs/errors.md")).contains("(../spec/limits.md)"));
  }
}
