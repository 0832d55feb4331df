"""Evaluate generator.timex against the TempEval-3 TimeML corpora (Task A scoring).

Usage: python benchmarks/timex_eval.py [--timeml DIR] [--errors] [--sets train/TimeBank ...]

Develop and tune on train/ only; the test/platinum figures are for reporting.
The last printed line is `value_F1=.. strict_F1=.. relaxed_F1=..` for test/platinum.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.timex import Timex, tag  # noqa: E402

DEFAULT_TIMEML = REPO.parent / "shared" / "timeml"
SETS = ["train/TimeBank", "train/AQUAINT", "test/platinum"]

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class Doc:
    name: str
    text: str
    dct: dt.date | None
    gold: list[Gold] = field(default_factory=list)


def _plain(fragment: str) -> tuple[str, list[Gold]]:
    """Strip tags from a TimeML fragment, returning plain text and TIMEX3 spans in it.

    Entities are unescaped per text run (they never straddle a tag), so offsets are in
    the unescaped text that the tagger sees."""
    out: list[str] = []
    pos = 0
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    gold: list[Gold] = []
    for m in _TAG.finditer(fragment):
        run = html.unescape(fragment[pos:m.start()])
        out.append(run)
        length += len(run)
        pos = m.end()
        closing, name, attrs, selfclose = m.groups()
        if name != "TIMEX3" or selfclose:
            continue
        if not closing:
            open_timex.append((length, dict(_ATTR.findall(attrs))))
        elif open_timex:
            start, a = open_timex.pop()
            gold.append(Gold(start, length, "", a.get("type", ""), a.get("value", "")))
    out.append(html.unescape(fragment[pos:]))
    text = "".join(out)
    for g in gold:
        g.text = text[g.start:g.end]
    gold.sort(key=lambda g: g.start)
    return text, gold


def load_doc(path: Path) -> Doc:
    raw = path.read_text(encoding="utf-8")
    dct = None
    for m in re.finditer(r"<TIMEX3([^>]*)>", raw):
        a = dict(_ATTR.findall(m.group(1)))
        if a.get("functionInDocument") == "CREATION_TIME":
            v = a.get("value", "")
            try:
                dct = dt.date.fromisoformat(v[:10])
            except ValueError:
                dct = None
            break
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    text, gold = _plain(body.group(1) if body else "")
    return Doc(path.name, text, dct, gold)


def load_set(root: Path, name: str) -> list[Doc]:
    return [load_doc(p) for p in sorted((root / name).glob("*.tml"))]


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass
class Score:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    errors: list[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)

    @staticmethod
    def _f1(hits: int, gold: int, system: int) -> tuple[float, float, float]:
        p = hits / system if system else 0.0
        r = hits / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return 100 * p, 100 * r, 100 * f

    def strict_prf(self):
        return self._f1(self.strict, self.gold, self.system)

    def relaxed_prf(self):
        return self._f1(self.relaxed, self.gold, self.system)

    def type_acc(self) -> float:
        return 100 * self.type_ok / self.relaxed if self.relaxed else 0.0

    def value_acc(self) -> float:
        return 100 * self.value_ok / self.relaxed if self.relaxed else 0.0

    def value_f1(self) -> float:
        return self.value_acc() * self.relaxed_prf()[2] / 100


def _shape(text: str) -> str:
    """Abstract an expression into an error-kind key: digits -> 9, words lowercased."""
    return re.sub(r"\d+", "9", text.lower())


def score_doc(doc: Doc, sys_out: list[Timex], score: Score) -> None:
    score.gold += len(doc.gold)
    score.system += len(sys_out)
    used: set[int] = set()
    for g in doc.gold:
        match = None
        for i, s in enumerate(sys_out):
            if i not in used and _overlap(g.start, g.end, s.start, s.end):
                match = i
                break
        if match is None:
            score.errors.append(f"{doc.name}: MISSED {g.text!r} {g.type} {g.value}")
            score.kinds[f"missed {g.type} {_shape(g.text)!r}"] += 1
            continue
        used.add(match)
        s = sys_out[match]
        score.relaxed += 1
        if (s.start, s.end) == (g.start, g.end):
            score.strict += 1
        else:
            score.kinds[f"span {_shape(g.text)!r} vs {_shape(s.text)!r}"] += 1
            score.errors.append(f"{doc.name}: SPAN gold {g.text!r} ours {s.text!r}")
        score.type_ok += s.type == g.type
        score.value_ok += s.value == g.value
        if s.type != g.type or s.value != g.value:
            score.errors.append(
                f"{doc.name}: VALUE {g.text!r} gold {g.type} {g.value} ours {s.text!r} {s.type} {s.value}"
                f" (dct {doc.dct})")
            score.kinds[f"value {g.type} {_shape(g.text)!r}"] += 1
    for i, s in enumerate(sys_out):
        if i not in used:
            score.errors.append(f"{doc.name}: SPURIOUS {s.text!r} {s.type} {s.value}")
            score.kinds[f"spurious {_shape(s.text)!r}"] += 1


def evaluate(docs: list[Doc]) -> Score:
    score = Score()
    for doc in docs:
        score_doc(doc, tag(doc.text, doc.dct), score)
    return score


def report(name: str, score: Score) -> None:
    sp, sr, sf = score.strict_prf()
    rp, rr, rf = score.relaxed_prf()
    print(f"== {name}: gold {score.gold}, system {score.system}")
    print(f"   strict  P {sp:5.2f} R {sr:5.2f} F1 {sf:5.2f}")
    print(f"   relaxed P {rp:5.2f} R {rr:5.2f} F1 {rf:5.2f}")
    print(f"   type acc {score.type_acc():5.2f}  value acc {score.value_acc():5.2f}"
          f"  value F1 {score.value_f1():5.2f}")


def speed(docs: list[Doc], words: int = 800, seconds: float = 3.0) -> float:
    """Articles/second on ~800-word texts made by concatenating corpus documents."""
    pool = " ".join(d.text for d in docs).split(" ")
    articles = []
    for i in range(0, max(len(pool) - words, 1), words):
        articles.append((" ".join(pool[i:i + words]), docs[(i // words) % len(docs)].dct))
        if len(articles) >= 200:
            break
    done = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for text, dct in articles:
            tag(text, dct)
        done += len(articles)
    return done / (time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeml", type=Path, default=DEFAULT_TIMEML)
    ap.add_argument("--errors", action="store_true", help="list every error on the train sets")
    ap.add_argument("--test-errors", action="store_true", help="also list test errors (not for tuning!)")
    ap.add_argument("--sets", nargs="*", default=SETS)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args(argv)

    scores: dict[str, Score] = {}
    all_docs: list[Doc] = []
    train_total = Score()
    for name in args.sets:
        docs = load_set(args.timeml, name)
        all_docs += docs
        score = evaluate(docs)
        scores[name] = score
        report(name, score)
        show = args.errors and (name.startswith("train") or args.test_errors)
        if show:
            for line in score.errors:
                print("   " + line)
        if name.startswith("train"):
            for attr in ("gold", "system", "strict", "relaxed", "type_ok", "value_ok"):
                setattr(train_total, attr, getattr(train_total, attr) + getattr(score, attr))
            train_total.kinds.update(score.kinds)
    if train_total.gold:
        report("train (all)", train_total)
        if args.errors:
            print(f"== most common error kinds on train (top {args.top})")
            for kind, n in train_total.kinds.most_common(args.top):
                print(f"   {n:4d}  {kind}")
    if all_docs:
        print(f"== speed: {speed(all_docs):.0f} articles/s (~800 words, one core)")
    test = scores.get("test/platinum")
    if test is not None:
        print(f"value_F1={test.value_f1():.2f} strict_F1={test.strict_prf()[2]:.2f} "
              f"relaxed_F1={test.relaxed_prf()[2]:.2f}")


if __name__ == "__main__":
    main()
