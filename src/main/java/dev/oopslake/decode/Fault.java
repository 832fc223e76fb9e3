package dev.oopslake.decode;

import java.util.Map;
import java.util.Optional;

/**
 * The memory access a report faulted on, as the fault header and the lines after it print it: the
 * address, the kind of access, and the poison value the address reads as.
 *
 * @param address the bad address as printed (hex without 0x), null when none was printed
 * @param access the kind of access, null when the report did not say
 * @param poison the poison value {@code address} reads as, null for an ordinary address
 */
public record Fault(String address, Access access, PoisonValue.Match poison) {

  /** How the CPU touched the address. */
  public enum Access {
    READ("read"),
    WRITE("write"),
    /** An instruction fetch: the CPU jumped to the address. */
    EXECUTE("execute");

    private final String id;

    Access(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /** The highest errno an error pointer carries (include/linux/err.h MAX_ERRNO). */
  static final long MAX_ERRNO = 4095;

  /** Errnos functions commonly return as error pointers, by value (include/uapi/asm-generic). */
  private static final Map<Integer, String> ERRNO_NAMES =
      Map.ofEntries(
          Map.entry(1, "EPERM"),
          Map.entry(2, "ENOENT"),
          Map.entry(5, "EIO"),
          Map.entry(11, "EAGAIN"),
          Map.entry(12, "ENOMEM"),
          Map.entry(13, "EACCES"),
          Map.entry(14, "EFAULT"),
          Map.entry(16, "EBUSY"),
          Map.entry(17, "EEXIST"),
          Map.entry(19, "ENODEV"),
          Map.entry(22, "EINVAL"),
          Map.entry(28, "ENOSPC"),
          Map.entry(95, "EOPNOTSUPP"),
          Map.entry(110, "ETIMEDOUT"),
          Map.entry(512, "ERESTARTSYS"),
          Map.entry(517, "EPROBE_DEFER"),
          Map.entry(524, "ENOTSUPP"));

  /**
   * How far below zero the address lies when it is within {@link #MAX_ERRNO} of it (64-bit, or
   * 32-bit when printed with 8 digits): an error pointer, ERR_PTR(-errno), or a field reached
   * through it; empty for any other address.
   */
  public Optional<Long> belowZero() {
    if (address == null || address.length() > 16) {
      return Optional.empty();
    }
    long a;
    try {
      a = Long.parseUnsignedLong(address, 16);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    long below = address.length() <= 8 ? 0x1_0000_0000L - a : -a;
    return below > 0 && below <= MAX_ERRNO ? Optional.of(below) : Optional.empty();
  }

  /**
   * The error pointer the address is when read at offset 0: "-12 (-ENOMEM)", or "-40" for a value
   * that names no common errno (a field past another error, or below a NULL's container_of()).
   */
  public Optional<String> errorPointer() {
    return belowZero()
        .map(
            b -> {
              String name = ERRNO_NAMES.get(b.intValue());
              return name == null ? "-" + b : "-" + b + " (-" + name + ")";
            });
  }

  /** The fault from what a report printed; null when it printed neither address nor access. */
  public static Fault of(String address, Access access) {
    if (address != null && address.isBlank()) {
      address = null;
    }
    if (address == null && access == null) {
      return null;
    }
    return new Fault(address, access, PoisonValue.find(address).orElse(null));
  }

  /**
   * The access a report's raw description names: x86's "instruction fetch" / "write access" / "read
   * access" (and the NX hint, read as "instruction fetch"), arm64's exception class "IABT" (an
   * instruction abort) and "WnR = 1"/"WnR = 0" of a data abort, x86's "error code 0x0010"; empty
   * for anything else.
   */
  public static Optional<Access> access(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    if (raw.startsWith("error code 0x")) {
      try {
        return fromX86ErrorCode(Integer.parseInt(raw.substring("error code 0x".length()), 16));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return switch (raw) {
      case "instruction fetch", "IABT" -> Optional.of(Access.EXECUTE);
      case "write access", "WnR = 1" -> Optional.of(Access.WRITE);
      case "read access", "WnR = 0" -> Optional.of(Access.READ);
      default -> Optional.empty();
    };
  }

  /**
   * The access x86's page-fault error code says ("Oops: 0010 [#1]" before 5.1 printed only the
   * code): bit 4 an instruction fetch, bit 1 a write, else a read (arch/x86/include/asm/trap_pf.h).
   */
  public static Optional<Access> fromX86ErrorCode(int code) {
    if ((code & 0x10) != 0) {
      return Optional.of(Access.EXECUTE);
    }
    return Optional.of((code & 0x2) != 0 ? Access.WRITE : Access.READ);
  }
}
