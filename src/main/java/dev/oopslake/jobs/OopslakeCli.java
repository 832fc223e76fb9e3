package dev.oopslake.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The single entry point behind {@code jobs/oopslake}: one subcommand per job class. A bad flag
 * prints one error line naming the flag and exits 2; a failed job exits 1.
 */
@Command(
    name = "oopslake",
    mixinStandardHelpOptions = true,
    version = "oopslake 0.1.0",
    description = "Reads a fleet's kdump vmcore-dmesg archive into ranked Parquet tables.",
    subcommands = {
      // Each subcommand is one job class; keep this list sorted.
      BenchCommand.class,
      EvalClustersCommand.class,
      EvalCorpusCommand.class,
      GenerateCommand.class,
      MaintainCommand.class,
      NightlyJob.class,
      ParseCommand.class,
      ReportCommand.class,
      SqlCommand.class,
    })
public final class OopslakeCli {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new OopslakeCli());
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          // One clear line naming what to change, not a usage dump.
          ex.getCommandLine().getErr().println("oopslake: " + ex.getMessage());
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof UserError
              || ex instanceof dev.oopslake.spark.ConfigError
              || ex instanceof dev.oopslake.decode.RuleError
              || ex instanceof dev.oopslake.trends.KnownBugError) {
            cmd.getErr().println("oopslake: " + ex.getMessage());
            return 2;
          }
          if (ex instanceof dev.oopslake.lake.LakeError le) {
            cmd.getErr().println("oopslake: " + le.getMessage());
            return le.configuration() ? 2 : 1;
          }
          throw ex;
        });
    return cli.execute(args);
  }
}
