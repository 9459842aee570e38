"""Parser errors in plain words: TOML (tomllib) and template (jinja2) syntax.

A parser says "Illegal character '\\n' (at line 11, column 24)" or "Jinja was looking for
the following tags: 'endblock'" and points at the end of the file. A coordinator needs
"a quotation mark is missing on line 11" and the line where the unclosed block opens.
Each known parser message maps to one of ours (translated, toolkit.config.messages); an
unknown one is passed on with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2

from toolkit.config.messages import _, closest

TOML_POSITION = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")
TOML_KEY = re.compile(r"^\s*([\w.\-\"' ]+?)\s*=")
# Jinja tags that need an end tag, and the tags a template may use at all.
OPENING_TAGS = frozenset({"block", "if", "for", "macro", "call", "filter", "with", "raw",
                          "autoescape", "trans"})
KNOWN_TAGS = ("block", "endblock", "if", "elif", "else", "endif", "for", "endfor", "set",
              "endset", "macro", "endmacro", "call", "endcall", "filter", "endfilter",
              "with", "endwith", "include", "import", "from", "extends", "raw", "endraw")


@dataclass(frozen=True)
class Explained:
    """A parser error in plain words: the line it is on, what is wrong, how to fix it."""

    line: int
    message: str
    fix: str


def toml_error(error: Exception, text: str) -> Explained:
    """Explain a tomllib.TOMLDecodeError for the file whose text is text."""
    raw = str(error)
    position = TOML_POSITION.search(raw)
    what = raw[:position.start()] if position else raw
    if position and position[1]:
        line = int(position[1])
    else:  # at the end of the file: the last line that holds something
        line = max(1, len(text.rstrip().splitlines()))
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    key = TOML_KEY.match(source)
    name = key[1].strip().strip("\"'") if key else ""
    message, fix = _toml_words(what, name)
    return Explained(line, message, fix)


def _toml_words(what: str, name: str) -> tuple[str, str]:
    setting = _(" (setting '{name}')", name=name) if name else ""
    if what in ("Illegal character '\\n'", "Unterminated string", "Illegal character '\\r'"):
        return (_("a quotation mark is missing: the text{setting} is not closed on this line",
                  setting=setting),
                _('end the text with " on the same line'))
    if what == "Expected '=' after a key in a key/value pair":
        return (_("a '=' is missing between the name and the value"),
                _('write it as name = "text"; a name has no spaces'))
    if what == "Invalid value":
        return (_("the value{setting} is not a text, number, list or true/false",
                  setting=setting),
                _('put text between quotation marks: name = "text"'))
    if what.startswith(("Cannot declare", "Cannot overwrite", "Cannot redefine",
                        "Duplicate inline table key", "Cannot mutate")):
        return (_("a setting or section{setting} is given a second time", setting=setting),
                _("keep one of the two"))
    if what in ("Unclosed array", "Unclosed inline table"):
        bracket = "]" if what == "Unclosed array" else "}"
        return (_("a list{setting} is not closed", setting=setting),
                _("end it with {bracket}", bracket=bracket))
    if what.startswith("Expected ']"):
        return (_("the section heading is not closed"),
                _("write it as [section] or [[section]], with the closing brackets"))
    if what == "Expected newline or end of document after a statement":
        return (_("there is more on this line after the value{setting}", setting=setting),
                _("put each setting on its own line, and check the quotation marks"))
    if what == "Unescaped '\\' in a string":
        return (_("a backslash (\\) in a text{setting}", setting=setting),
                _("write / in a path, or \\\\ for a backslash"))
    if what.startswith(("Invalid statement", "Invalid initial character", "Found invalid")):
        return (_("this line is not a setting"),
                _("write name = value, or start a comment with #"))
    return (_("this line cannot be read ({reason})", reason=what),
            _("correct the line: see the example campaign's files"))


def jinja_error(error: jinja2.TemplateSyntaxError, source: str) -> Explained:
    """Explain a template syntax error, pointing an unclosed tag at the line it opens."""
    message = error.message or ""
    if message.startswith("Unexpected end of template"):
        opened = _innermost_open(source)
        if opened is not None:
            tag, line, name = opened
            if tag == "block":
                return Explained(line, _("the block '{name}' that starts here is never "
                                         "closed", name=name),
                                 _("end it with {{% endblock %}}"))
            return Explained(line, _("the '{tag}' that starts here is never closed",
                                     tag=tag), _("end it with {{% end{tag} %}}", tag=tag))
    unknown = re.match(r"Encountered unknown tag '(\w+)'", message)
    if unknown:
        close = closest(unknown[1], KNOWN_TAGS)
        fix = _("did you mean '{choice}'?", choice=close) if close else \
            _("check the spelling between {{% and %}}")
        if unknown[1].startswith("end"):
            fix = _("remove it, or open what it closes ({{% {tag} %}})",
                    tag=unknown[1][3:]) if not close or close == unknown[1] else fix
        return Explained(error.lineno, _("'{tag}' is not a template instruction",
                                         tag=unknown[1]), fix)
    twice = re.match(r"block '(\w+)' defined twice", message)
    if twice:
        return Explained(error.lineno, _("the block '{name}' is written twice",
                                         name=twice[1]), _("keep one of the two"))
    return Explained(error.lineno, _("template syntax error: {reason}", reason=message),
                     _("check the {{{{ }}}} and {{% %}} on this line"))


def _innermost_open(source: str) -> tuple[str, int, str] | None:
    """The innermost tag still open at the end of source: (tag, line, block name)."""
    environment = jinja2.Environment()
    stack: list[tuple[str, int, str]] = []
    tokens = (token for token in environment.lex(source) if token[1] != "whitespace")
    try:
        for line, kind, _value in tokens:
            if kind != "block_begin":
                continue
            _line, kind, tag = next(tokens, (0, "", ""))
            if kind != "name":
                continue
            name = ""
            if tag == "block":
                _line, kind, name = next(tokens, (0, "", ""))
            if tag in OPENING_TAGS:
                stack.append((tag, line, name))
            elif tag.startswith("end") and stack and stack[-1][0] == tag[3:]:
                stack.pop()
    except jinja2.TemplateSyntaxError:  # lexing stops where the source is broken
        pass
    return stack[-1] if stack else None
