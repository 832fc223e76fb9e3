package dev.oopslake.decode;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The values the kernel writes into memory it has taken back, so that a pointer read from it later
 * faults at a recognisable address (include/linux/poison.h). An expert who sees a fault at
 * dead000000000108 or 6b6b6b6b6b6b6b73 knows at once that the pointer came out of a deleted list
 * entry or a freed object; this table is that knowledge, one keyed entry per value.
 *
 * @param id stable lower-kebab id, what rules match on
 * @param name the kernel's name for the value
 * @param values the value as 64-bit kernels (POISON_POINTER_DELTA 0xdead000000000000 on x86-64 and
 *     arm64) and 32-bit kernels print it
 * @param meaning what memory holding it was, and what reading a pointer from it means
 */
public record PoisonValue(String id, String name, List<Long> values, String meaning) {

  public PoisonValue {
    values = List.copyOf(values);
  }

  /**
   * Offsets past a poison value still read as that value: the faulting access is to a field of the
   * structure the poisoned pointer was taken for (list_del's prev is at +8).
   */
  static final long FIELD_WINDOW = 0x1000;

  /** The table: include/linux/poison.h and mm/slab.h, most specific first. */
  public static final List<PoisonValue> KNOWN =
      List.of(
          new PoisonValue(
              "list-poison1",
              "LIST_POISON1",
              // 0x100 since 4.2; 0x100100 before (RHEL 7's dead000000100100).
              List.of(0xdead000000000100L, 0xdead000000100100L, 0x00100100L),
              "the next pointer list_del() leaves in a list entry it unlinked: the entry was used,"
                  + " or deleted again, after it was taken off its list"),
          new PoisonValue(
              "list-poison2",
              "LIST_POISON2",
              // 0x122 since 4.2; 0x200200 before.
              List.of(0xdead000000000122L, 0xdead000000200200L, 0x00200200L),
              "the prev pointer list_del() leaves in a list entry it unlinked: the entry was used,"
                  + " or deleted again, after it was taken off its list"),
          new PoisonValue(
              "slab-free",
              "POISON_FREE",
              List.of(0x6b6b6b6b6b6b6b6bL, 0x6b6b6b6bL),
              "the byte slab debugging (slub_debug=P, init_on_free) fills a freed object with: the"
                  + " pointer was read from an object after it was freed"),
          new PoisonValue(
              "slab-uninitialized",
              "POISON_INUSE",
              List.of(0x5a5a5a5a5a5a5a5aL, 0x5a5a5a5aL),
              "the byte slab debugging fills a new object with: the pointer was read from an"
                  + " allocated object before anything was stored in it"),
          new PoisonValue(
              "slab-redzone",
              "SLUB_RED_ACTIVE",
              List.of(0xccccccccccccccccL, 0xbbbbbbbbbbbbbbbbL, 0xccccccccL, 0xbbbbbbbbL),
              "the red zone slab debugging puts around objects: the pointer was read past the end"
                  + " of an object"),
          new PoisonValue(
              "page-poison",
              "PAGE_POISON",
              List.of(0xaaaaaaaaaaaaaaaaL, 0xaaaaaaaaL),
              "the byte page poisoning (page_poison=1, init_on_free) fills freed pages with: the"
                  + " pointer was read from a page after it was freed"),
          new PoisonValue(
              "poison-pointer",
              "POISON_POINTER_DELTA",
              List.of(0xdead000000000000L),
              "a poisoned pointer (POISON_POINTER_DELTA plus a small value): a field the kernel"
                  + " set so that use after deletion or free faults, such as a deleted hlist or"
                  + " rbtree node's links"));

  /** The poison value an address reads as, with the field offset past it. */
  public record Match(PoisonValue poison, long address, long offset) {
    /** The address as the kernel prints it, 16 hex digits on 64-bit values. */
    public String addressHex() {
      return (address >>> 32) != 0
          ? String.format(Locale.ROOT, "%016x", address)
          : String.format(Locale.ROOT, "%08x", address);
    }

    /** "" at the value itself, else "+0x8". */
    public String offsetText() {
      return offset == 0 ? "" : "+0x" + Long.toHexString(offset);
    }
  }

  /**
   * The poison an address reads as, if any: the nearest value at or below it, up to {@link
   * #FIELD_WINDOW} past it (LIST_POISON2 at 0x122 is not LIST_POISON1+0x22); 32-bit values only
   * when the address has no high half. The broad POISON_POINTER_DELTA entry takes any small offset
   * the specific entries did not.
   */
  public static Optional<Match> find(long address) {
    Match best = null;
    for (PoisonValue p : KNOWN) {
      long window = p.id().equals("poison-pointer") ? 0x100_0000L : FIELD_WINDOW;
      for (long v : p.values()) {
        boolean narrow = (v >>> 32) == 0;
        if (narrow && (address >>> 32) != 0) {
          continue;
        }
        long offset = address - v;
        if (offset >= 0 && offset < window && (best == null || offset < best.offset())) {
          best = new Match(p, address, offset);
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@link #find} on an address as printed (hex, with or without 0x); empty when not hex. */
  public static Optional<Match> find(String printed) {
    if (printed == null) {
      return Optional.empty();
    }
    String hex = printed.startsWith("0x") ? printed.substring(2) : printed;
    if (hex.isEmpty() || hex.length() > 16) {
      return Optional.empty();
    }
    try {
      return find(Long.parseUnsignedLong(hex, 16));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
