package dev.millrace.hub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorsTest {

  @Test
  void exactStringsAndTheWildcard() {
    var exact = Selectors.compile(List.of("https://example.com/books/1"));
    assertThat(exact.matches("https://example.com/books/1")).isTrue();
    assertThat(exact.matches("https://example.com/books/2")).isFalse();
    assertThat(Selectors.compile(List.of("*")).matches("anything at all")).isTrue();
    assertThat(Selectors.NONE.matches("x")).isFalse();
  }

  @Test
  void simpleTemplateVariablesMatchOneSegment() {
    var books = Selectors.compile(List.of("https://example.com/books/{id}"));
    assertThat(books.matches("https://example.com/books/1")).isTrue();
    assertThat(books.matches("https://example.com/books/isbn-978")).isTrue();
    assertThat(books.matches("https://example.com/books/1/reviews")).isFalse();
    assertThat(books.matches("https://example.com/authors/1")).isFalse();
    assertThat(books.matches("https://example.com/books/{id}")).isTrue();
    var two = Selectors.compile(List.of("/users/{user}/books/{book}"));
    assertThat(two.matches("/users/kim/books/3")).isTrue();
    assertThat(two.matches("/users/kim/books")).isFalse();
  }

  @Test
  void operatorsMatchWhatTheyExpandTo() {
    assertThat(TopicSelector.compile("/files{+path}").matches("/files/a/b/c.txt")).isTrue();
    assertThat(TopicSelector.compile("/api{/version,resource}").matches("/api/v1/books")).isTrue();
    assertThat(TopicSelector.compile("/search{?q,page}").matches("/search?q=x&page=2")).isTrue();
    assertThat(TopicSelector.compile("/search{?q,page}").matches("/search")).isTrue();
    assertThat(TopicSelector.compile("/doc{#section}").matches("/doc#intro")).isTrue();
    assertThat(TopicSelector.compile("host{.domain}").matches("host.example.com")).isTrue();
  }

  @Test
  void regexCharactersInTheLiteralPartAreLiteral() {
    var selector = TopicSelector.compile("https://example.com/a.b?c=({id})");
    assertThat(selector.matches("https://example.com/a.b?c=(7)")).isTrue();
    assertThat(selector.matches("https://example.comXa.b?c=(7)")).isFalse();
  }

  @Test
  void aMalformedTemplateMatchesOnlyItself() {
    var broken = TopicSelector.compile("/books/{id");
    assertThat(broken.matches("/books/{id")).isTrue();
    assertThat(broken.matches("/books/1")).isFalse();
  }

  @Test
  void anyAndAllOverSeveralTopics() {
    var selectors = Selectors.compile(List.of("urn:a", "/b/{x}"));
    assertThat(selectors.matchesAny(List.of("urn:z", "/b/1"))).isTrue();
    assertThat(selectors.matchesAll(List.of("urn:a", "/b/1"))).isTrue();
    assertThat(selectors.matchesAll(List.of("urn:a", "urn:z"))).isFalse();
    assertThat(selectors.matchesAll(List.of())).isFalse();
  }
}
