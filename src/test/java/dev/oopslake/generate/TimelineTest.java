package dev.oopslake.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimelineTest {
  static final LocalDate END = LocalDate.parse("2026-03-31");
  final Timeline timeline = new Timeline(END, 120);
  final SplittableRandom random = new SplittableRandom(7);

  private LocalDate day(Timeline.Story story) {
    long s = timeline.epochSecond(story, random.nextDouble(), random.nextDouble());
    return LocalDate.ofInstant(Instant.ofEpochSecond(s), ZoneOffset.UTC);
  }

  @Test
  void eachStoryKeepsToItsDays() {
    int spikeOnLastDay = 0;
    for (int i = 0; i < 10_000; i++) {
      assertThat(day(Timeline.Story.STEADY)).isBetween(END.minusDays(120), END);
      assertThat(day(Timeline.Story.NEW)).isBetween(END.minusDays(Timeline.NEW_DAYS), END);
      assertThat(day(Timeline.Story.GONE))
          .isBetween(END.minusDays(120), END.minusDays(Timeline.GONE_DAYS));
      if (day(Timeline.Story.SPIKE).equals(END)) {
        spikeOnLastDay++;
      }
    }
    // 40% on the last day, plus its 1/120 share of the rest
    assertThat(spikeOnLastDay).isBetween(3_800, 4_300);
  }

  @Test
  void storiesAreAFunctionOfTheKindAndAllAreTold() {
    Map<Timeline.Story, Integer> told = new EnumMap<>(Timeline.Story.class);
    for (int i = 0; i < 400; i++) {
      told.merge(Timeline.story("kind-" + i), 1, Integer::sum);
      assertThat(Timeline.story("kind-" + i)).isEqualTo(Timeline.story("kind-" + i));
    }
    assertThat(told.keySet()).containsExactlyInAnyOrder(Timeline.Story.values());
    assertThat(told.get(Timeline.Story.STEADY)).isGreaterThan(told.get(Timeline.Story.NEW));
  }

  @Test
  void aTimelineShorterThanTheStoriesIsRefused() {
    assertThatThrownBy(() -> new Timeline(END, 30)).hasMessageContaining("at least 90");
  }
}
