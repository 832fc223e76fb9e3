package dev.oopslake.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers, held by the build: jobs -> Spark glue -> lake and domain. The domain (reading
 * archives, parsing, decoding, signatures, trends, the generator, the utilities they share) runs
 * without Spark or Hadoop, so it is tested in milliseconds and can be reused outside a cluster;
 * nothing below the entry points knows about them.
 */
class LayeringTest {
  private static JavaClasses classes;

  static final String[] DOMAIN = {
    "dev.oopslake.archive..",
    "dev.oopslake.parse..",
    "dev.oopslake.decode..",
    "dev.oopslake.signature..",
    "dev.oopslake.trends..",
    "dev.oopslake.generate..",
    "dev.oopslake.report..",
    "dev.oopslake.util.."
  };

  @BeforeAll
  static void load() {
    // Only the project's own classes: what they depend on is checked by name, and not scanning
    // every jar on the classpath keeps the test fast.
    Path main =
        Path.of(
            dev.oopslake.parse.CrashParser.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(main);
    assertThat(classes.contain(dev.oopslake.jobs.OopslakeCli.class))
        .as("the importer saw the project's classes")
        .isTrue();
  }

  @Test
  void domainImportsNoSparkHadoopOrUpperLayers() {
    noClasses()
        .that()
        .resideInAnyPackage(DOMAIN)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.spark..",
            "org.apache.hadoop..",
            "org.apache.iceberg..",
            "dev.oopslake.jobs..",
            "dev.oopslake.spark..",
            "dev.oopslake.lake..")
        .because("domain packages are plain Java, unit-tested without a cluster")
        .check(classes);
  }

  @Test
  void sparkGlueAndLakeImportNoJobCode() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.oopslake.spark..", "dev.oopslake.lake..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.oopslake.jobs..")
        .because("the entry points sit on top; nothing below them knows them")
        .check(classes);
  }

  @Test
  void lakeImportsNoSparkGlue() {
    noClasses()
        .that()
        .resideInAPackage("dev.oopslake.lake..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.oopslake.spark..")
        .because("one package owns the lake; the pipeline uses it, not the reverse")
        .check(classes);
  }

  /** Every package its own slice, subpackages included: spark.support sits below spark. */
  @Test
  void noCyclesBetweenPackages() {
    slices().matching("dev.oopslake.(**)").should().beFreeOfCycles().check(classes);
  }
}
