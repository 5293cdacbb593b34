"""The held texts: checked against their checksums, corrected as recorded, every problem at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import SeedsInvalid
from kg.pipeline.texts import read_texts
from tests.conftest import edit

REGISTER = Path("texts") / "texts.yaml"


def test_a_held_text_is_read_with_its_corrections(seeds_copy: Path) -> None:
    held = read_texts(seeds_copy)["tst-2010"]
    assert "China is a con-" in held.text and "Ch1na" not in held.text
    [(start, end)] = held.corrected
    assert held.text[start:end] == "China"
    [(start, end)] = held.ignored
    assert held.text[start:end] == "Test Strategy 2010 - page 12"


def test_no_register_no_texts(tmp_path: Path) -> None:
    assert read_texts(tmp_path) == {}


def error_of(seeds_copy: Path) -> str:
    with pytest.raises(SeedsInvalid) as raised:
        read_texts(seeds_copy)
    [error] = raised.value.errors
    return str(error)


def test_a_changed_file_is_refused_at_its_checksum(seeds_copy: Path) -> None:
    edit(seeds_copy / "texts" / "jpn" / "tst-2010.txt", "goes on", "went on")
    message = error_of(seeds_copy)
    assert message.startswith(f"{seeds_copy.name}/texts/texts.yaml:")
    assert "SHA-256" in message and "never in the file" in message
    line = int(message.split(":")[1])
    assert "sha256:" in (seeds_copy / REGISTER).read_text(encoding="utf-8").splitlines()[line - 1]


def test_a_correction_must_match_as_often_as_it_says(seeds_copy: Path) -> None:
    edit(seeds_copy / REGISTER, 'find: "Ch1na"', 'find: "region"')
    assert "'region' occurs 2 times in jpn/tst-2010.txt, not 1" in error_of(seeds_copy)


def test_an_ignore_pattern_must_be_a_regular_expression(seeds_copy: Path) -> None:
    edit(seeds_copy / REGISTER, 'pattern: "^Test', 'pattern: "(^Test')
    assert "not a regular expression" in error_of(seeds_copy)


def test_a_missing_file(seeds_copy: Path) -> None:
    (seeds_copy / "texts" / "jpn" / "tst-2010.txt").unlink()
    assert "no file jpn/tst-2010.txt" in error_of(seeds_copy)
