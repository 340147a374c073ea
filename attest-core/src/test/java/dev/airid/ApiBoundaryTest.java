package dev.airid;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is every public type outside an {@code internal} package, and it never shows an internal type: no
 * public or protected member of an API type takes, returns, throws or exposes one, and no API type extends or
 * implements one. This is what a {@code module-info} exporting only the API packages would enforce; attest-core has
 * none because CEL 0.14, a dependency, splits its packages across jars ({@code dev.cel.common} is in five of them)
 * and has no module names, which a named module cannot read.
 */
class ApiBoundaryTest {

  @Test
  void noApiSignatureShowsAnInternalType() throws Exception {
    Path classes = Path.of(AiridException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      files.filter(f -> f.toString().endsWith(".class")).forEach(f -> names.add(
          classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "")));
    }
    TreeSet<String> leaks = new TreeSet<>();
    int api = 0;
    for (String name : names) {
      Class<?> c = Class.forName(name, false, getClass().getClassLoader());
      if (internal(c) || !exported(c)) {
        continue;
      }
      api++;
      check(c.getName() + " extends", c.getGenericSuperclass(), leaks);
      for (Type t : c.getGenericInterfaces()) {
        check(c.getName() + " implements", t, leaks);
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(c.getName() + "." + f.getName(), f.getGenericType(), leaks);
        }
      }
      List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
      members.addAll(List.<Constructor<?>>of(c.getDeclaredConstructors()));
      for (Executable m : members) {
        if (!visible(m.getModifiers()) || m.isSynthetic()) {
          continue;
        }
        String where = c.getName() + "." + m.getName();
        if (m instanceof Method method) {
          check(where + " returns", method.getGenericReturnType(), leaks);
        }
        for (Type p : m.getGenericParameterTypes()) {
          check(where + " takes", p, leaks);
        }
        for (Type e : m.getGenericExceptionTypes()) {
          check(where + " throws", e, leaks);
        }
      }
    }
    assertTrue(api > 50, "found the API types (" + api + ")");
    assertTrue(leaks.isEmpty(), "the public API shows internal types:\n" + String.join("\n", leaks));
  }

  /** Public, and every enclosing class public too: reachable from outside. */
  private static boolean exported(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static boolean internal(Class<?> c) {
    return c.getPackageName().contains(".internal");
  }

  private static void check(String where, Type t, TreeSet<String> leaks) {
    if (t instanceof Class<?> c) {
      Class<?> k = c;
      while (k.isArray()) {
        k = k.getComponentType();
      }
      if (k.getPackageName().startsWith("dev.airid") && internal(k)) {
        leaks.add(where + ": " + k.getName());
      }
    } else if (t instanceof ParameterizedType p) {
      check(where, p.getRawType(), leaks);
      for (Type a : p.getActualTypeArguments()) {
        check(where, a, leaks);
      }
    } else if (t instanceof GenericArrayType g) {
      check(where, g.getGenericComponentType(), leaks);
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(where, b, leaks);
      }
      for (Type b : w.getLowerBounds()) {
        check(where, b, leaks);
      }
    }
  }
}
