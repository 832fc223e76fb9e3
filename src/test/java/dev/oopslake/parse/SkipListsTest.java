package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A skip list split by first character answers exactly like the one alternation it replaces, for
 * the shipped lists and every crash class's own list.
 */
class SkipListsTest {

  private static List<List<String>> allLists() {
    List<List<String>> lists = new ArrayList<>();
    lists.add(SkipLists.PLUMBING);
    lists.add(SkipLists.STALL_ANCHORS);
    lists.add(SkipLists.STALL_IRQ_ENTRY);
    for (CrashClass c : CrashClasses.ALL) {
      if (!c.skip().isEmpty()) {
        lists.add(c.skip());
      }
    }
    return lists;
  }

  private static final List<List<String>> LISTS = allLists();
  private static final List<SkipLists.Compiled> COMPILED =
      LISTS.stream().map(SkipLists::compile).toList();
  private static final List<Pattern> REFERENCE =
      LISTS.stream().map(l -> Pattern.compile("^(?:" + String.join("|", l) + ")")).toList();

  private static void checkSame(String function) {
    for (int k = 0; k < LISTS.size(); k++) {
      assertThat(COMPILED.get(k).matchesStart(function))
          .as("list %d on %s", k, function)
          .isEqualTo(REFERENCE.get(k).matcher(function).lookingAt());
    }
  }

  @Property(tries = 3000)
  void answersLikeTheWholeAlternation(@ForAll("functionNames") String function) {
    checkSame(function);
  }

  @Provide
  Arbitrary<String> functionNames() {
    // Pieces of real names, so that many generated names hit entries.
    Arbitrary<String> piece =
        Arbitraries.of(
            "_",
            "__",
            "dump_stack",
            "_lvl",
            "show_",
            "stack",
            "panic",
            "warn",
            "sys_",
            "SyS_",
            "__x64_",
            "__se_",
            "do_",
            "spin",
            "_lock",
            "mutex",
            "rwsem",
            "_irq",
            "save",
            "raw_",
            "kasan",
            "kmsan",
            "memcpy",
            "copy_",
            "to_iter",
            "from_iter",
            "aes",
            "_encrypt",
            "apic_timer_interrupt",
            "smp_",
            "rcu",
            "synchronize_",
            "schedule",
            "read",
            "write",
            "x",
            "A",
            "é",
            "$",
            ".",
            "0",
            "");
    return piece.list().ofMaxSize(5).map(l -> String.join("", l));
  }

  @Test
  void everyEntryMatchesItselfWhenPlainAndTheFirstCharacterIsRead() {
    for (List<String> list : LISTS) {
      for (String entry : list) {
        int first = SkipLists.Compiled.literalFirst(entry);
        if (first >= 0) {
          assertThat(entry.charAt(0)).as("literal first of %s", entry).isEqualTo((char) first);
        }
        if (entry.matches("[A-Za-z0-9_]+\\$?")) {
          // A plain name entry: its own name must be skipped.
          String name = entry.endsWith("$") ? entry.substring(0, entry.length() - 1) : entry;
          checkSame(name);
          assertThat(SkipLists.compile(list).matchesStart(name)).as("%s skipped", name).isTrue();
        }
      }
    }
    assertThat(SkipLists.Compiled.literalFirst("_{0,2}dump_stack")).isEqualTo(-1);
    assertThat(SkipLists.Compiled.literalFirst("a?b")).isEqualTo(-1);
    assertThat(SkipLists.Compiled.literalFirst("ab|cd")).isEqualTo(-1);
    assertThat(SkipLists.Compiled.literalFirst("a(?:b|c)")).isEqualTo('a');
    assertThat(SkipLists.Compiled.literalFirst("a[|]")).isEqualTo('a');
  }
}
