"""The library is written in its own words: no text shares eight words in a row with an article.

The articles live outside the repository (``../shared/seeds`` next to the
checkout, or wherever ``UNPINCH_SEEDS`` points). Both sides are normalised
(case, punctuation, curly quotes and dashes, whitespace) and compared as
word 8-grams. Source titles are citations and are exempt.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from unpinch.library.catalog import DATA_DIR

RUN = 8

FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)

Gram = tuple[str, ...]


def seeds_dir() -> Path | None:
    """The folder holding the source articles, or None when it is not available."""
    beside = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if beside.is_dir():
        return beside
    configured = os.environ.get("UNPINCH_SEEDS")
    if configured and Path(configured).is_dir():
        return Path(configured)
    return None


def words(text: str) -> list[str]:
    """Lowercase words with punctuation dropped; "don’t" and "don't" both become "dont"."""
    folded = unicodedata.normalize("NFKC", text).translate(FOLD).lower().replace("'", "")
    return re.findall(r"[^\W_]+", folded)


def grams(text: str, n: int = RUN) -> set[Gram]:
    """Every run of ``n`` consecutive words in the text."""
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def shared_runs(text: str, article_grams: set[Gram]) -> list[str]:
    """The eight-word runs the text shares with the articles, as readable strings."""
    return sorted(" ".join(g) for g in grams(text) & article_grams)


def article_paths(seeds: Path) -> list[Path]:
    """The article files: every text file in the seeds folder."""
    return sorted(seeds.glob("*.txt"))


def strings(value: Any, *, skip_titles: bool) -> Iterator[tuple[str, str]]:
    """Every string in a parsed TOML document, with a dotted path to say where it is."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            yield path, item
        elif isinstance(item, dict):
            stack.extend(
                (f"{path}.{key}".lstrip("."), v)
                for key, v in item.items()
                if not (skip_titles and key == "title")
            )
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(item))


def library_texts(titles: list[str]) -> Iterator[tuple[str, str]]:
    """(label, text) for every piece of prose in library/data, with cited titles blanked out."""
    for path in sorted(DATA_DIR.glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        for where, text in strings(doc, skip_titles=path.name == "sources.toml"):
            yield f"{path.name}:{where}", blank_titles(text, titles)
    readme = DATA_DIR / "README.md"
    for number, paragraph in enumerate(readme.read_text(encoding="utf-8").split("\n\n"), 1):
        yield f"README.md paragraph {number}", blank_titles(paragraph, titles)


def blank_titles(text: str, titles: list[str]) -> str:
    """Replace citations of article titles with a marker, so titles never count as copying."""
    for title in titles:
        text = re.sub(re.escape(title), " | ", text, flags=re.IGNORECASE)
    return text


@pytest.fixture(scope="module")
def seeds() -> Path:
    found = seeds_dir()
    if found is None:
        pytest.skip("source articles not found: put them in ../shared/seeds or set UNPINCH_SEEDS")
    return found


@pytest.fixture(scope="module")
def articles(seeds: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in article_paths(seeds)}


@pytest.fixture(scope="module")
def article_grams(articles: dict[str, str]) -> set[Gram]:
    found: set[Gram] = set()
    for text in articles.values():
        found |= grams(text)
    return found


@pytest.fixture(scope="module")
def titles(articles: dict[str, str]) -> list[str]:
    return [text.splitlines()[0].strip() for text in articles.values()]


def test_there_are_five_articles(articles: dict[str, str], article_grams: set[Gram]) -> None:
    assert len(articles) == 5
    assert len(article_grams) > 3000


def test_source_titles_are_the_articles_titles(titles: list[str]) -> None:
    doc = tomllib.loads((DATA_DIR / "sources.toml").read_text(encoding="utf-8"))
    assert sorted(s["title"] for s in doc["source"]) == sorted(titles)


def test_library_text_shares_no_eight_word_run_with_any_article(
    article_grams: set[Gram], titles: list[str]
) -> None:
    checked = 0
    copied: list[str] = []
    for label, text in library_texts(titles):
        checked += 1
        copied += [f"{label}: {run}" for run in shared_runs(text, article_grams)]
    assert checked > 500
    assert not copied, "text copied from an article:\n" + "\n".join(copied)


def test_checker_catches_a_copied_run_from_a_real_article(
    articles: dict[str, str], article_grams: set[Gram]
) -> None:
    article = words(next(iter(articles.values())))
    copied = " ".join(article[40 : 40 + RUN])
    text = f"Our own opening words, then {copied.upper()}, and our own ending."
    assert shared_runs(text, article_grams) == [copied]
    nine = " ".join(article[40 : 40 + RUN - 1])
    assert shared_runs(f"Our own opening words, then {nine}", article_grams) == []


# --- the checker itself, without the articles ------------------------------------------

SAMPLE_ARTICLE = (
    "Don’t rush: lie on your back — knees bent — and slowly roll both knees to one side."
)


def test_words_fold_quotes_dashes_case_and_spacing() -> None:
    assert words("Don’t  STOP—now\tplease") == words("don't stop - now please")
    assert words("Knee-to-chest: 20–30 s") == ["knee", "to", "chest", "20", "30", "s"]


def test_checker_flags_eight_copied_words_despite_punctuation_changes() -> None:
    sample = grams(SAMPLE_ARTICLE)
    copied = "Please lie on your back, knees bent, and slowly move away."
    assert shared_runs(copied, sample) == ["lie on your back knees bent and slowly"]


def test_checker_allows_seven_shared_words() -> None:
    sample = grams(SAMPLE_ARTICLE)
    assert shared_runs("Now lie on your back, knees bent and then rest.", sample) == []


def test_titles_are_blanked_but_surrounding_text_is_kept() -> None:
    blanked = blank_titles("As Sciatica Exercises says, bend at the hips.", ["Sciatica Exercises"])
    assert words(blanked) == ["as", "says", "bend", "at", "the", "hips"]


def test_strings_walks_nested_tables_and_skips_titles() -> None:
    doc = {"source": [{"id": "a", "title": "T"}], "x": {"y": ["one", {"z": "two"}]}}
    found = dict(strings(doc, skip_titles=True))
    assert found == {"source[0].id": "a", "x.y[0]": "one", "x.y[1].z": "two"}
