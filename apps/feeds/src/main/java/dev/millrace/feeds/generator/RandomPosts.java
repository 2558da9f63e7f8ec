package dev.millrace.feeds.generator;

import dev.millrace.feeds.posting.PostDraft;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Makes random but readable posts: a short title, a name, and a few sentences about software with
 * one to three hashtags from {@link #TAGS}. Thread-safe when its generator is.
 */
public final class RandomPosts {

  /** The hashtags random posts draw from. */
  public static final List<String> TAGS =
      List.of("java", "golang", "rust", "sql", "kafka", "nats", "devops", "frontend", "testing");

  private static final List<String> FIRST =
      List.of("Ada", "Linus", "Grace", "Ken", "Barbara", "Guido", "Margaret", "Dennis", "Radia");
  private static final List<String> LAST =
      List.of("Lovelace", "Hopper", "Thompson", "Liskov", "Hamilton", "Ritchie", "Perlman", "Kay");
  private static final List<String> SUBJECTS =
      List.of(
          "Our build",
          "The new release",
          "This query plan",
          "My side project",
          "The on-call rotation",
          "A flaky test",
          "The message broker",
          "Yesterday's incident",
          "The code review");
  private static final List<String> VERBS =
      List.of(
          "finally runs faster than",
          "taught me more than",
          "turned out simpler than",
          "broke in a weirder way than",
          "needs less memory than",
          "behaves better under load than");
  private static final List<String> OBJECTS =
      List.of(
          "anything we shipped last year",
          "the benchmark promised",
          "a week of meetings",
          "the old monolith",
          "I expected on Monday",
          "the documentation suggests");
  private static final List<String> CODAS =
      List.of(
          "Lesson learned: measure before you optimise.",
          "Pairing on it saved the afternoon.",
          "Writing the test first made the bug obvious.",
          "Next step is to automate the whole thing.",
          "Small commits made the rollback painless.",
          "Tracing showed exactly where the time went.");
  private static final List<String> TITLES =
      List.of(
          "What I learned this week",
          "A small win worth sharing",
          "Notes from the trenches",
          "Shipping on a Friday",
          "Why the pipeline was red",
          "Three tips for faster builds",
          "Debugging at two in the morning");

  private final RandomGenerator random;

  public RandomPosts(RandomGenerator random) {
    this.random = random;
  }

  /** A new random post. */
  public PostDraft next() {
    var author = pick(FIRST) + " " + pick(LAST);
    var text = pick(SUBJECTS) + " " + pick(VERBS) + " " + pick(OBJECTS) + ". " + pick(CODAS);
    return new PostDraft(pick(TITLES), text + " " + hashtags(), author);
  }

  private String hashtags() {
    var tags = new LinkedHashSet<String>();
    int count = 1 + random.nextInt(3);
    while (tags.size() < count) {
      tags.add("#" + pick(TAGS));
    }
    return String.join(" ", new ArrayList<>(tags));
  }

  private String pick(List<String> words) {
    return words.get(random.nextInt(words.size()));
  }
}
