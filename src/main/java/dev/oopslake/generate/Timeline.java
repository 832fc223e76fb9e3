package dev.oopslake.generate;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Crash days as the last {@code days} days of a fleet up to {@code end}, where each crash kind has
 * a story the morning report should tell: most crash all along; some are new this week, some spike
 * on the last day, some stopped weeks ago. The story of a kind is a function of its id, so the same
 * archive tells the same stories.
 */
public record Timeline(LocalDate end, int days) {

  /** What a crash kind does over the timeline. */
  public enum Story {
    STEADY,
    NEW,
    SPIKE,
    GONE
  }

  // Days a "new" kind has been crashing, and how long a "gone" kind has been silent.
  static final int NEW_DAYS = 5;
  public static final int GONE_DAYS = 45;
  static final double SPIKE_SHARE = 0.4;

  public Timeline {
    if (days < GONE_DAYS * 2) {
      throw new IllegalArgumentException(
          "Cannot set days to " + days + ", the timeline needs at least " + GONE_DAYS * 2);
    }
  }

  /** One in ten kinds is new, one in twenty spikes, one in ten is gone. */
  public static Story story(String templateId) {
    int slot = Stable.pick(Stable.hash("story", templateId), 20);
    return switch (slot) {
      case 0, 1 -> Story.NEW;
      case 2 -> Story.SPIKE;
      case 3, 4 -> Story.GONE;
      default -> Story.STEADY;
    };
  }

  /** A crash second for a kind with this story, from {@code u}, {@code v} uniform in [0, 1). */
  long epochSecond(Story story, double u, double v) {
    long endSecond = end.plusDays(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC) - 1;
    long day = 86_400;
    long span =
        switch (story) {
          case NEW -> NEW_DAYS * day;
          case SPIKE -> v < SPIKE_SHARE ? day : days * day;
          case GONE -> (days - GONE_DAYS) * day;
          case STEADY -> days * day;
        };
    long last = story == Story.GONE ? endSecond - GONE_DAYS * day : endSecond;
    return last - (long) (u * span);
  }
}
