package dev.oopslake.archive;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Where an archive keeps host, IP and crash time in its paths: a regular expression with named
 * groups {@code host}, {@code ip}, {@code time} (and {@code date} for a date folder, matched but
 * not reported), applied to a file's path relative to the input root, plus the format of {@code
 * time}. The pattern is data (conf), so another layout needs no code change.
 */
public final class PathLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * kdump's {@code <ip>-<YYYY-MM-DD-HH:MM:SS>/vmcore-dmesg.txt} (kdump.conf's default path naming),
   * optionally compressed, under an optional {@code <YYYY-MM-DD>/} date folder and/or a {@code
   * <host>/} folder. kdump writes {@code vmcore-dmesg-incomplete.txt} and renames it when the
   * extraction succeeds; a crash whose extraction failed keeps that name, and its folder still says
   * where and when.
   */
  public static final String KDUMP_PATTERN =
      "(?:(?<date>\\d{4}-?\\d{2}-?\\d{2})/)?"
          + "(?:(?<host>[^/]+)/)?"
          + "(?<ip>[^/]+?)-(?<time>\\d{4}-\\d{2}-\\d{2}-\\d{2}:\\d{2}:\\d{2})"
          + "/vmcore-dmesg(?:-incomplete)?\\.txt(?:\\.[A-Za-z0-9]+)?";

  /** kdump's folder time stamp, {@code %Y-%m-%d-%H:%M:%S} in kdump's save script. */
  public static final String KDUMP_TIME_FORMAT = "yyyy-MM-dd-HH:mm:ss";

  private static final Set<String> KNOWN_GROUPS = Set.of("host", "ip", "time", "date");
  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  private final Pattern pattern;
  private final String timeFormat;
  private final Set<String> groups;
  private transient DateTimeFormatter timeFormatter;

  private PathLayout(Pattern pattern, String timeFormat, Set<String> groups) {
    this.pattern = pattern;
    this.timeFormat = timeFormat;
    this.groups = groups;
  }

  /** kdump's default layout. */
  public static PathLayout kdump() {
    return of(KDUMP_PATTERN, KDUMP_TIME_FORMAT);
  }

  /**
   * A layout from conf, checked once: the pattern compiles, names only known groups, at least one
   * of them, and the time format is valid. Messages name what to change.
   */
  public static PathLayout of(String regex, String timeFormat) {
    if (regex == null || regex.isBlank()) {
      throw new LayoutError("path pattern must not be empty");
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new LayoutError(
          "path pattern is not a valid regex: "
              + e.getDescription()
              + " near index "
              + e.getIndex());
    }
    Set<String> groups = new LinkedHashSet<>();
    Matcher names = GROUP_NAME.matcher(regex);
    while (names.find()) {
      String name = names.group(1);
      if (!KNOWN_GROUPS.contains(name)) {
        throw new LayoutError(
            "path pattern has unknown group (?<" + name + ">); use host, ip, time or date");
      }
      groups.add(name);
    }
    if (groups.isEmpty()) {
      throw new LayoutError(
          "path pattern names none of the groups (?<host>...), (?<ip>...), (?<time>...)");
    }
    try {
      DateTimeFormatter.ofPattern(timeFormat);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new LayoutError("path time format is not valid: " + timeFormat);
    }
    return new PathLayout(pattern, timeFormat, Set.copyOf(groups));
  }

  public String pattern() {
    return pattern.pattern();
  }

  public String timeFormat() {
    return timeFormat;
  }

  /**
   * The fields of one path, relative to the input root (a leading slash is ignored). A path that
   * does not match, or a time that does not parse, leaves those fields null.
   */
  public PathFields match(String relativePath) {
    if (relativePath == null) {
      return PathFields.NONE;
    }
    String path = relativePath.startsWith("/") ? relativePath.substring(1) : relativePath;
    Matcher m = pattern.matcher(path);
    if (!m.matches()) {
      return PathFields.NONE;
    }
    return new PathFields(group(m, "host"), group(m, "ip"), time(group(m, "time")));
  }

  private String group(Matcher m, String name) {
    return groups.contains(name) ? m.group(name) : null;
  }

  private LocalDateTime time(String text) {
    if (text == null) {
      return null;
    }
    if (timeFormat.equals(KDUMP_TIME_FORMAT)) {
      return kdumpTime(text);
    }
    if (timeFormatter == null) {
      timeFormatter = DateTimeFormatter.ofPattern(timeFormat);
    }
    try {
      return LocalDateTime.parse(text, timeFormatter);
    } catch (DateTimeParseException e) {
      // A folder named like a time that is not one (month 13): the file is still ingested.
      return null;
    }
  }

  /**
   * kdump's {@code yyyy-MM-dd-HH:mm:ss} read by hand: once per file, and the general formatter cost
   * more than the rest of the path's handling. Same answers as the formatter, null where it throws.
   */
  static LocalDateTime kdumpTime(String t) {
    if (t.length() != 19
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != '-'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    // yyyy is the year of the era: there is no year 0.
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31) {
      return null;
    }
    // The formatter's default (smart) resolution moves days 29-31 past a month's end to its last.
    day = Math.min(day, java.time.YearMonth.of(year, month).lengthOfMonth());
    if (hour == 24 && minute == 0 && second == 0) {
      // Smart resolution again: 24:00:00 is the next day's midnight.
      return LocalDateTime.of(year, month, day, 0, 0).plusDays(1);
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second);
    } catch (java.time.DateTimeException e) {
      return null; // hour 25, minute 60
    }
  }

  /** The decimal number in {@code t[from, from + n)}, or -1 if any of it is not an ASCII digit. */
  private static int digits(String t, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  @Override
  public String toString() {
    return "PathLayout[" + pattern.pattern() + ", " + timeFormat + "]";
  }
}
