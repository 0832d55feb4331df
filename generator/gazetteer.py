"""Find actors and places in text from a data file of countries, places, organisations
and people. The built-in file is `generator/data/gazetteer.yml`; a project extends it
with `content/gazetteer.yml` in the same format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import ContentError, Problem

BUILT_IN = Path(__file__).parent / "data" / "gazetteer.yml"
PROJECT_FILE = "gazetteer.yml"
KINDS = ("country", "place", "organisation", "person")
# A country right after one of these is where something happened, not who did it.
LOCATIVE = re.compile(r"\b(in|into|to|from|at|near|off|across|inside|within|toward|towards|through|over)\s+(the\s+)?$",
                      re.I)


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str


@dataclass
class Mentions:
    actors: list[str]
    places: list[str]


class Gazetteer:
    def __init__(self, entries: dict[str, Entry], demonyms: dict[str, Entry]) -> None:
        self._names = entries
        self._demonyms = demonyms
        spellings = sorted(set(entries) | set(demonyms), key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(s) for s in spellings) + r")(?![\w-])") if spellings else None

    def kind_of(self, name: str) -> str | None:
        """The kind of entry a canonical name is (see KINDS), or None if unknown."""
        entry = self._names.get(name)
        return entry.kind if entry else None

    def find(self, text: str) -> Mentions:
        """Actors and places named in `text`, in order of first mention, each once."""
        actors: dict[str, None] = {}
        places: dict[str, None] = {}
        if self._pattern is None:
            return Mentions([], [])
        for match in self._pattern.finditer(text):
            spelling = match[1]
            if spelling in self._demonyms:
                actors.setdefault(self._demonyms[spelling].name)
                continue
            entry = self._names[spelling]
            if entry.kind == "place":
                places.setdefault(entry.name)
            elif entry.kind == "country" and LOCATIVE.search(text[max(0, match.start() - 20):match.start()]):
                places.setdefault(entry.name)
            else:
                actors.setdefault(entry.name)
        return Mentions(list(actors), list(places))


def load_gazetteer(content_dir: Path | None = None) -> Gazetteer:
    """The built-in gazetteer, extended (and overridden name by name) by the project's."""
    entries: dict[str, Entry] = {}
    demonyms: dict[str, Entry] = {}
    files = [(BUILT_IN, "generator/data/gazetteer.yml")]
    if content_dir is not None and (content_dir / PROJECT_FILE).is_file():
        files.append((content_dir / PROJECT_FILE, f"{content_dir.name}/{PROJECT_FILE}"))
    for path, shown in files:
        _read(path, shown, entries, demonyms)
    return Gazetteer(entries, demonyms)


def _read(path: Path, shown: str, entries: dict[str, Entry], demonyms: dict[str, Entry]) -> None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        raise ContentError([Problem(shown, mark.line + 1 if mark else 1, f"cannot read the gazetteer: {error}",
                                    "each item is {name: …, kind: country|place|organisation|person, aliases: […]}")]
                           ) from None
    if not isinstance(data, list):
        raise ContentError([Problem(shown, 1, "the gazetteer must be a list of entries")])
    problems = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or item.get("kind") not in KINDS:
            problems.append(Problem(shown, 1, f"entry {number} needs a 'name' and a 'kind' ({', '.join(KINDS)})"))
            continue
        entry = Entry(item["name"], item["kind"])
        for spelling in [item["name"], *(item.get("aliases") or [])]:
            entries[str(spelling)] = entry
        for spelling in item.get("demonyms") or []:
            demonyms[str(spelling)] = entry
    if problems:
        raise ContentError(problems)
