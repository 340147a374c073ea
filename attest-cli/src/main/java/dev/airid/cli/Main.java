package dev.airid.cli;

import dev.airid.AiridException;
import dev.airid.InputRejectedException;
import dev.airid.json.Json;
import dev.airid.json.JsonObject;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** {@code airid}: stable, verifiable identities and signed provenance for AI runs. */
@Command(
    name = "airid",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Gives every AI run a stable identity computed from its declaration, before it runs,",
      "and signed provenance that travels with what the run produced."
    },
    footer = ExitCode.HELP_FOOTER)
public final class Main implements Callable<Integer> {

  final Io io;

  /**
   * The subcommands by name, in help order. They are registered here rather than in {@code @Command(subcommands=…)}
   * so that a run builds only the one it invokes: picocli reflects over every registered command's options, which
   * loads their classes and the classes those name, and a cold {@code airid id} should not pay for {@code verify}.
   */
  private static final String[] NAMES = {
    "id", "canon", "redact", "keygen", "attest", "attest-output", "verify", "inspect", "policy", "verify-chain", "trust",
    "gate", "conformance", "help"
  };

  private static Class<?> commandClass(String name) {
    return switch (name) {
      case "id" -> IdCommand.class;
      case "canon" -> CanonCommand.class;
      case "redact" -> RedactCommand.class;
      case "keygen" -> KeygenCommand.class;
      case "attest" -> AttestCommand.class;
      case "attest-output" -> AttestOutputCommand.class;
      case "verify" -> VerifyCommand.class;
      case "inspect" -> InspectCommand.class;
      case "policy" -> PolicyCommand.class;
      case "verify-chain" -> VerifyChainCommand.class;
      case "trust" -> TrustCommand.class;
      case "gate" -> GateCommand.class;
      case "conformance" -> ConformanceCommand.class;
      default -> CommandLine.HelpCommand.class;
    };
  }

  /**
   * Registers the subcommand that {@code args} invoke, or all of them when none is named, the name is unknown (so that
   * picocli can suggest one), or help is asked for. The first argument that is not an option names it: the top level
   * has only --help and --version, which take no value.
   */
  private static void addSubcommands(CommandLine cl, String... args) {
    String invoked = null;
    for (String a : args) {
      if (!a.startsWith("-")) {
        invoked = a;
        break;
      }
    }
    boolean one = invoked != null && !invoked.equals("help") && java.util.Arrays.asList(NAMES).contains(invoked);
    for (String name : NAMES) {
      if (!one || name.equals(invoked)) {
        cl.addSubcommand(name, commandClass(name));
      }
    }
  }

  Main(Io io) {
    this.io = io;
  }

  public static void main(String[] args) {
    System.exit(run(System.in, System.out, System.err, args));
  }

  /** Runs the command with the given streams and returns its exit code; never calls {@code System.exit}. */
  static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
    return run(System.getenv(), in, out, err, args);
  }

  /** {@link #run(InputStream, PrintStream, PrintStream, String...)} with the given environment. */
  static int run(java.util.Map<String, String> env, InputStream in, PrintStream out, PrintStream err, String... args) {
    Io io = new Io(in, out, err, env);
    CommandLine cl = new CommandLine(new Main(io), new Factory(io));
    addSubcommands(cl, args);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // "@FILE" is ours to read (--identity-token @FILE), never picocli's argument file: a file must not inject options.
    cl.setExpandAtFiles(false);
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(io, e, parseResult));
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    io.err.println("airid: a command is required; see 'airid --help'");
    return ExitCode.BAD_INPUT;
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    // Picocli quotes the offending argument, which may come from a file name or a script: escape it like any report.
    err.println("airid: " + dev.airid.text.Printable.escape(String.valueOf(e.getMessage())));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try 'airid " + commandPath(cl) + "--help' for usage.");
    return ExitCode.BAD_INPUT;
  }

  private static String commandPath(CommandLine cl) {
    StringBuilder sb = new StringBuilder();
    for (CommandLine c = cl; c.getParent() != null; c = c.getParent()) {
      sb.insert(0, c.getCommandName() + " ");
    }
    return sb.toString();
  }

  /** One readable line on stderr (and a JSON error object on stdout with --json); no stack trace unless AIRID_DEBUG. */
  static int failure(Io io, Exception e, ParseResult parseResult) {
    int code;
    JsonObject.Builder error = JsonObject.builder();
    if (e instanceof AiridException a) {
      code = a instanceof InputRejectedException ? ExitCode.BAD_INPUT : ExitCode.OPERATION_FAILED;
      error.put("code", a.code().name()).put("message", a.getMessage());
      if (a instanceof InputRejectedException r && r.pointer().isPresent()) {
        error.put("pointer", r.pointer().get());
      }
      io.err.println("airid: " + a.getMessage());
    } else {
      code = ExitCode.INTERNAL;
      error.put("code", "INTERNAL").put("message", e.toString());
      io.err.println("airid: internal error: " + e + " (set AIRID_DEBUG=1 for a stack trace, and please report it)");
    }
    if (System.getenv("AIRID_DEBUG") != null) {
      e.printStackTrace(io.err);
    }
    if (wantsJson(parseResult)) {
      byte[] line = Json.compact(JsonObject.builder().put("ok", false).put("error", error.build()).build());
      io.out.write(line, 0, line.length);
      io.out.println();
    }
    io.err.flush();
    io.out.flush();
    return code;
  }

  private static boolean wantsJson(ParseResult pr) {
    for (ParseResult p = pr; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--json")) {
        return true;
      }
    }
    return false;
  }

  /** Gives subcommands the streams. */
  private static final class Factory implements CommandLine.IFactory {
    private final Io io;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    Factory(Io io) {
      this.io = io;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (IoAware.class.isAssignableFrom(cls)) {
        K k = fallback.create(cls);
        ((IoAware) k).io(io);
        return k;
      }
      return fallback.create(cls);
    }
  }

  /** Implemented by commands that need the streams. */
  interface IoAware {
    void io(Io io);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      java.util.List<String> lines = new java.util.ArrayList<>();
      lines.add("airid " + (v == null ? "(development build)" : v));
      lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
      // Which implementation verifies and signs each algorithm in this JVM (chosen on first use; see docs/performance.md).
      for (dev.airid.keys.SignatureAlgorithm a : dev.airid.keys.SignatureAlgorithm.values()) {
        lines.add(String.format("%-18s %s", a.id(), a.implementation()));
      }
      return lines.toArray(new String[0]);
    }
  }
}
