package dev.millrace.feeds.readmodel;

/** One entry of the feed list: the feed's name and how many posts it holds. */
public record FeedSummary(String name, long posts) {}
