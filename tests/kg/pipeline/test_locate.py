"""Finding a quote in a text: tolerant of layout, strict about words."""

from __future__ import annotations

import pytest

from kg.pipeline.locate import Matcher

TEXT = ("The region is changing fast. Ch1na is a con-\ncern for the region, and its \u201cmilitary\u201d build-\n"
        "up goes on.\nTest Strategy - page 12\nWe co-\noperate with  Korea , and our ally the United States.")


@pytest.mark.parametrize("quote", [
    "is a con- cern for the region",  # a line-end hyphen, kept or not
    "is a concern for the region",
    'its "military" buildup goes on',  # straight quote marks for curly ones; a hyphen across a line
    "its \u201cmilitary\u201d build-up",
    "We cooperate with Korea, and our ally",  # OCR spaces before punctuation and inside words
])
def test_layout_does_not_matter(quote: str) -> None:
    assert Matcher(TEXT).find(quote) is not None


@pytest.mark.parametrize("quote", [
    "is a concern to the region",  # a word changed
    "its military buildup goes on",  # quote marks left out
    "We cooperate with Korea and our ally",  # a comma left out
    "the region is changing fast",  # the case of a letter
])
def test_words_and_punctuation_do(quote: str) -> None:
    assert Matcher(TEXT).find(quote) is None


def test_a_span_to_skip_is_skipped_and_the_span_found_covers_it() -> None:
    head = TEXT.index("Test Strategy")
    skip = [(head, TEXT.index("\n", head))]
    quote = "goes on. We cooperate"
    assert Matcher(TEXT).find(quote) is None
    found = Matcher(TEXT, skip=skip).find(quote)
    assert found is not None and found.start < head < found.end
    assert TEXT[found.start:found.end].startswith("goes on.") and TEXT[found.end - 5:found.end] == "erate"


def test_an_ellipsis_leaves_words_out_in_order() -> None:
    m = Matcher(TEXT)
    found = m.find("The region ... goes on.")
    assert found is not None and (found.start, found.end) == (0, TEXT.index("goes on.") + len("goes on."))
    assert m.find("goes on. ... The region") is None


def test_the_words_before_start_are_not_the_document_s() -> None:
    start = TEXT.index("We co")
    assert Matcher(TEXT, start=start).find("The region is changing fast.") is None
    assert Matcher(TEXT, start=start).find("our ally the United States") is not None


def test_prefix_suffix_and_the_number_of_places() -> None:
    found = Matcher("a threat here; a threat there").find("a threat")
    assert found is not None and found.occurrences == 2 and (found.start, found.suffix) == (0, " here; a threat there")


def test_the_closest_passage_of_a_quote_not_found() -> None:
    m = Matcher(TEXT)
    start, end = m.closest("and its 'military' buildup goes on and on")
    assert TEXT[start:end].startswith("and its \u201cmilitary\u201d")
