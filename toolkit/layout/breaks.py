"""Where display lines break: headlines for sense and shape, short paragraphs without a
lonely last word, and the coordinator's forced break. Pure: words and widths in, lines out.

A headline is broken by dynamic programming over every way to set its words in a given
number of lines: lines of balanced length, a break after punctuation where possible, never
a short function word at a line's end, never one word alone on the last line, never a new
sentence starting inside a line, never a new clause's first word alone at a line's end
('die het ziet, kan / veel betekenen'), never a stub of a line between two full ones
('hulpverlener / te zijn / om te helpen'). The last five are flaws: a setting with a flaw
is taken only when no size or line count avoids it.
"""

from __future__ import annotations

import re
from typing import Callable

FORCED_BREAK = "|"  # in the copy, at a word boundary: 'Je cliënt is ook ouder. | Vraag …'
_FORCED = re.compile(r"[ \t]*\|[ \t]*")
SHORT_PARAGRAPH_LINES = 6  # a paragraph this short never ends in a single word
NARROW_STEP = 0.02  # of the measure, per try when a short paragraph is re-set narrower
NARROW_STEPS = 15
SENTENCE_END = ".?!…"
CLAUSE_END = ",;:)–—"
SENTENCE_BONUS = 0.2  # a break after a sentence is worth this much imbalance (squared)
CLAUSE_BONUS = 0.08
SHORT_WORD_LINE = 0.5  # of the measure: a word this short never stands alone on a line
STUB_LINE = 0.65  # of the even line length: a middle line this short reads as a stub
FLAW = 1000.0  # a broken rule: outweighs any shape
# Language data, not copy: Dutch words too short and too bound to the next word to end a
# display line ('de', 'een', 'naar' …). Compared in lower case, without punctuation after.
FUNCTION_WORDS_NL = frozenset(
    "de het een 't te op en of je jij u in met aan bij voor van naar om als dat die er is "
    "tot uit door over onder tegen na ze we wij hij zij ik mijn jouw hun maar want dus dan "
    "dit deze".split())

Measure = Callable[[str], float]


def forced_breaks(text: str) -> str:
    """The copy with each forced break ('|' at a word boundary) as a line break."""
    if FORCED_BREAK not in text:
        return text
    lines = (part.strip(" ") for part in _FORCED.sub("\n", text).split("\n"))
    return "\n".join(line for line in lines if line)


def plain(text: str) -> str:
    """The copy as one run of words, forced breaks as spaces (for alt text and titles)."""
    return text if FORCED_BREAK not in text else _FORCED.sub(" ", text).strip()


def lonely(lines: list[str]) -> bool:
    """True when the last of several lines holds a single word."""
    return len(lines) > 1 and " " not in lines[-1]


def function_word(word: str) -> bool:
    return word.lower() in FUNCTION_WORDS_NL


def balanced(chunks: list[str], count: int, measure: Measure, width: float
             ) -> tuple[list[str], float] | None:
    """The best setting of chunks (forced lines) in count lines no wider than width, with
    its cost (each flaw adds FLAW); None when no setting has that many lines."""
    words: list[str] = []
    starts: set[int] = set()  # indices of words that start a chunk: a break is forced there
    for chunk in chunks:
        starts.add(len(words))
        words += chunk.split(" ")
    total = len(words)
    target = measure(" ".join(words)) / count
    lines = _feasible_lines(words, starts, measure, width)
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, -1)}
    for used in range(1, count + 1):
        for end in range(1, total + 1):
            options = [(best[(used - 1, start)][0]
                        + _cost(words, starts, start, end, (line_width - target) / width,
                                line_width / width),
                        start) for start, line_width in lines.get(end, ())
                       if (used - 1, start) in best]
            if options:
                best[(used, end)] = min(options)
    if (count, total) not in best:
        return None
    cost, result, end = best[(count, total)][0], [], total
    for used in range(count, 0, -1):
        start = best[(used, end)][1]
        result.insert(0, " ".join(words[start:end]))
        end = start
    return result, cost


def _sentence_end(words: list[str], index: int) -> bool:
    """True when words[index] ends a sentence and the next word starts one."""
    following = words[index + 1] if index + 1 < len(words) else ""
    return words[index][-1] in SENTENCE_END and following[:1].isupper()


def _feasible_lines(words: list[str], starts: set[int], measure: Measure,
                    width: float) -> dict[int, list[tuple[int, float]]]:
    """For each end index, (start, width) of the lines words[start:end] that fit width and
    cross no forced break."""
    ends: dict[int, list[tuple[int, float]]] = {}
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            if end - 1 > start and end - 1 in starts:
                break
            line_width = measure(" ".join(words[start:end]))
            if line_width > width + 1e-6:
                break
            ends.setdefault(end, []).append((start, line_width))
    return ends


def _cost(words: list[str], starts: set[int], start: int, end: int, off: float,
          fill: float) -> float:
    """A line's imbalance (off: its distance from the even length; fill: its width; both
    in measures), less a bonus for a break after punctuation, plus FLAW for a function
    word at its end, a single word closing its chunk or a short one alone on its line, a
    sentence that ends inside the line (a new sentence starts a line where it can), a
    clause whose first word alone ends the line, and a stub of a line between two others."""
    cost = off * off + FLAW * sum(_sentence_end(words, index) for index in range(start, end - 1))
    closes_chunk = end == len(words) or end in starts
    if end - start > 1 and not closes_chunk and words[end - 2][-1] in CLAUSE_END + SENTENCE_END:
        cost += FLAW  # 'die het ziet, kan / veel betekenen': the clause starts on the line
    if start > 0 and not closes_chunk and fill < STUB_LINE * (fill - off):
        cost += FLAW  # 'hulpverlener / te zijn / om te helpen': a stub between two lines
    if not closes_chunk:
        last = words[end - 1]
        if function_word(last):
            cost += FLAW
        elif last[-1] in SENTENCE_END:
            cost -= SENTENCE_BONUS
        elif last[-1] in CLAUSE_END:
            cost -= CLAUSE_BONUS
    elif end - start == 1 and start not in starts:
        cost += FLAW
    if end - start == 1 and not closes_chunk and fill < SHORT_WORD_LINE:
        cost += FLAW  # a short word alone on a line within a headline
    return cost


def settle_last_line(lines: list[str], width: float, measure: Measure,
                     rewrap: Callable[[float], list[str] | None]) -> list[str]:
    """A paragraph of up to SHORT_PARAGRAPH_LINES lines whose last line is one word: bring
    a word down to it, or else re-set it (rewrap) a little narrower in as many lines.
    Returns lines unchanged when neither helps."""
    if not lonely(lines) or len(lines) > SHORT_PARAGRAPH_LINES:
        return lines
    previous = lines[-2].split(" ")
    if len(previous) > 2 and not lines[-2].endswith("-"):
        candidate = f"{previous[-1]} {lines[-1]}"
        if measure(candidate) <= width + 1e-6:
            return [*lines[:-2], " ".join(previous[:-1]), candidate]
    for step in range(1, NARROW_STEPS + 1):
        trial = rewrap(width * (1 - NARROW_STEP * step))
        if trial is None or len(trial) > len(lines):
            break
        if not lonely(trial):
            return trial
    return lines
