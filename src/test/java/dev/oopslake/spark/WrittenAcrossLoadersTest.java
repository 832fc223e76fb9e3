package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A read task's result read back on a driver where the application's classes live in a child class
 * loader, as under {@code spark-submit}: the record must come back as the child's class, not be
 * looked up in the JVM's default loader (which found either nothing, or the wrong copy).
 */
class WrittenAcrossLoadersTest {

  /** Loads oopslake's classes itself, everything else from its parent: spark-submit's app jar. */
  private static final class AppJarLoader extends URLClassLoader {
    AppJarLoader(URL classes, ClassLoader parent) {
      super(new URL[] {classes}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (!name.startsWith("dev.oopslake.")) {
          return super.loadClass(name, resolve);
        }
        Class<?> c = findLoadedClass(name);
        return c != null ? c : findClass(name);
      }
    }
  }

  @Test
  void theResultIsReadWithTheApplicationsOwnClasses() throws Exception {
    ArchiveIngest.Written w =
        new ArchiveIngest.Written(
            3,
            5,
            2,
            2,
            1,
            0,
            4,
            Map.of("not found", 1L),
            List.of(),
            List.of(),
            dev.oopslake.signature.CrashStates.NONE);
    URL classes = ArchiveIngest.class.getProtectionDomain().getCodeSource().getLocation();

    try (AppJarLoader app = new AppJarLoader(classes, ClassLoader.getSystemClassLoader())) {
      Class<?> appWritten = app.loadClass(ArchiveIngest.Written.class.getName());
      assertThat(appWritten).isNotEqualTo(ArchiveIngest.Written.class);
      Method fromBytes = appWritten.getDeclaredMethod("fromBytes", byte[].class);
      fromBytes.setAccessible(true);

      Object read = fromBytes.invoke(null, (Object) w.toBytes());

      assertThat(read.getClass()).as("the application's copy of the record").isSameAs(appWritten);
      assertThat(read.toString()).isEqualTo(w.toString());
    }
  }
}
