package dev.airid.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command line as airid words it: unknown commands and options found before picocli parses (so that {@code --help}
 * cannot hide them), and picocli's parameter errors told in our words, never in picocli's ("Unmatched arguments from
 * index 0", "expected only one match but got …"). Messages never repeat the value of an option: it may be a secret
 * given by mistake.
 */
final class Arguments {

  private Arguments() {}

  /** Options whose values are secrets, or are often a secret given by mistake (the passphrase for its variable's name). */
  private static final List<String> SECRET_OPTIONS = List.of("--passphrase-env", "--identity-token");

  /** The values given to {@link #SECRET_OPTIONS}, never to be printed. */
  static List<String> secretValues(String[] args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      for (String o : SECRET_OPTIONS) {
        if (args[i].equals(o) && i + 1 < args.length) {
          out.add(args[i + 1]);
        } else if (args[i].startsWith(o + "=")) {
          out.add(args[i].substring(o.length() + 1));
        }
      }
    }
    return out;
  }

  /** Whether {@code --json} was asked for (before any {@code --}). */
  static boolean wantsJson(String[] args) {
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      if (a.equals("--json")) {
        return true;
      }
    }
    return false;
  }

  /** The first unknown command or option in {@code args}, as a message; empty if every name is known. */
  static Optional<String> unknown(CommandLine top, String[] args) {
    CommandLine current = top;
    boolean positionalSeen = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        return Optional.empty();
      }
      if (a.startsWith("-") && a.length() > 1) {
        String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
        OptionSpec o = current.getCommandSpec().findOption(name);
        if (o == null && !a.startsWith("--") && a.length() > 2) {
          o = shortCluster(current, a);
          if (o != null) {
            continue;
          }
        }
        if (o == null) {
          return Optional.of("unknown option '" + name + "' for 'airid " + path(current) + "'");
        }
        if (o.arity().max() > 0 && !a.contains("=")) {
          i++; // its value, whatever it looks like, is not an option name (and may be a secret)
        }
        continue;
      }
      if (current.getCommandName().equals("help")) {
        return top.getSubcommands().containsKey(a) ? Optional.empty()
            : Optional.of("unknown command '" + a + "'; the commands are " + String.join(", ", top.getSubcommands().keySet()));
      }
      if (!positionalSeen && !current.getSubcommands().isEmpty()) {
        CommandLine sub = current.getSubcommands().get(a);
        if (sub == null) {
          return Optional.of("unknown command '" + a + "'" + (current == top ? "" : " for 'airid " + path(current) + "'")
              + "; the commands are " + String.join(", ", current.getSubcommands().keySet()));
        }
        current = sub;
        continue;
      }
      positionalSeen = true;
    }
    return Optional.empty();
  }

  /** {@code -qv} as {@code -q -v}, or {@code -kFILE} as {@code -k FILE}: the option that ends the cluster, or null. */
  private static OptionSpec shortCluster(CommandLine cl, String a) {
    OptionSpec last = null;
    for (int j = 1; j < a.length(); j++) {
      OptionSpec o = cl.getCommandSpec().findOption("-" + a.charAt(j));
      if (o == null) {
        return null;
      }
      last = o;
      if (o.arity().max() > 0) {
        return o;
      }
    }
    return last;
  }

  private static String path(CommandLine cl) {
    List<String> names = new ArrayList<>();
    for (CommandLine c = cl; c.getParent() != null; c = c.getParent()) {
      names.add(0, c.getCommandName());
    }
    return String.join(" ", names);
  }

  private static final Pattern OPTION_NAME = Pattern.compile("--?[A-Za-z][A-Za-z0-9-]*");

  /** What is wrong with the command line, in our words. */
  static String explain(CommandLine.ParameterException e, String[] args) {
    if (e instanceof CommandLine.MissingParameterException m) {
      List<String> missing = new ArrayList<>();
      boolean valueOfGivenOption = false;
      for (ArgSpec s : m.getMissing()) {
        String n = name(s);
        missing.add(n);
        valueOfGivenOption |= s.isOption() && given(args, (OptionSpec) s);
      }
      return valueOfGivenOption ? "option " + String.join(", ", missing) + " needs a value"
          : "missing " + String.join(" and ", missing);
    }
    if (e instanceof CommandLine.MutuallyExclusiveArgsException) {
      return "give only one of " + optionNames(e.getMessage());
    }
    if (e instanceof CommandLine.OverwrittenOptionException o) {
      return "give " + name(o.getOverwritten()) + " only once";
    }
    if (e instanceof CommandLine.MaxValuesExceededException || e instanceof CommandLine.UnmatchedArgumentException) {
      return "too many arguments for 'airid " + path(e.getCommandLine()) + "'";
    }
    ArgSpec spec = e.getArgSpec();
    if (spec != null) {
      return "invalid value for " + name(spec);
    }
    // airid's own parameter errors (a parent command run without its subcommand) are plain ParameterExceptions.
    return e.getClass() == CommandLine.ParameterException.class && e.getMessage() != null ? e.getMessage() : "invalid command line";
  }

  private static boolean given(String[] args, OptionSpec o) {
    for (String a : args) {
      for (String n : o.names()) {
        if (a.equals(n) || a.startsWith(n + "=")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String name(ArgSpec s) {
    if (s instanceof OptionSpec o) {
      return o.longestName();
    }
    return ((PositionalParamSpec) s).paramLabel();
  }

  /** The option names a picocli message mentions (names only: never values). */
  private static String optionNames(String message) {
    List<String> names = new ArrayList<>();
    Matcher m = OPTION_NAME.matcher(String.valueOf(message));
    while (m.find()) {
      if (!names.contains(m.group()) && m.group().startsWith("--")) {
        names.add(m.group());
      }
    }
    return names.isEmpty() ? "the options that exclude each other" : String.join(", ", names);
  }
}
