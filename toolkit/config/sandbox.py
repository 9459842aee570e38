"""The jinja2 sandbox the campaign's templates run in.

Templates are edited by coordinators, not programmers, and run on the build machine: they
get jinja2's immutable sandbox (no Python internals such as ''.__class__, no changing
lists, ranges limited), and no operation that would build something huge. Every way a
template builds text is bounded: repetition ('x' * n), joining (+ and ~), numbers handed
to methods and filters ('x'.ljust(n), 'x' | center(n), '%*s' % (n, 'x')), the text handed
to them, powers, and the steps of all loops together. Each refusal is a SecurityError,
which the caller reports naming the template and the block.
"""

from __future__ import annotations

import functools
import math
import re
import string
import time
from typing import Any, Callable, Iterator

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import _PassArg
from jinja2.visitor import NodeTransformer

from toolkit.config.messages import _

# A rendered block longer than this is a runaway loop or a pasted file, not copy (the
# handreiking's body, the longest block, is about a tenth of it). Text a template builds
# (by repeating or joining) is bounded by it too.
MAX_BLOCK_CHARS = 100_000
# A number a template hands to a method, filter or '%' larger than this can only build
# text longer than a block may be.
MAX_TEMPLATE_NUMBER = MAX_BLOCK_CHARS
# Text or a list handed to a method or filter as an argument (not the value it works on):
# copy passes short literals (', ', 'https://'); a long one makes replace() or join()
# multiply their input.
MAX_ARGUMENT_LENGTH = 1_000
MAX_POWER_BITS = 64  # 10**9 is fine; 10**10**10 would compute for hours
# Loop steps one block may take, all loops together, so nested loops that print nothing
# stop too: a step usually prints something, and a block holds at most MAX_BLOCK_CHARS.
MAX_LOOP_STEPS = MAX_BLOCK_CHARS
# A whole page (the download page lists every file of every region) may loop further.
MAX_PAGE_LOOP_STEPS = 10_000_000
# Bits a product of whole numbers may have: repeated multiplication (n * n * n ...) would
# otherwise build numbers of millions of digits, and printing them takes minutes.
MAX_PRODUCT_BITS = 256
MAX_BLOCK_SECONDS = 5.0  # the loops of one block, together: far beyond any real copy
PRINTF_WIDTH = re.compile(r"%[-#0 +]*(\d*)(?:\.(\d*))?[a-zA-Z%]")
LOOP_GUARD = "loop_steps"  # the filter every {% for %} iterates through
JOIN_GUARD = "joined_text"  # the filter every ~ (joining text) passes through
SIZED = (str, list, tuple, dict)


def _check_arguments(values: Any) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) \
                and abs(value) > MAX_TEMPLATE_NUMBER:
            raise SecurityError(_("a number above {most} is not allowed here",
                                  most=MAX_TEMPLATE_NUMBER))
        if isinstance(value, SIZED) and len(value) > MAX_ARGUMENT_LENGTH:
            raise SecurityError(_("an argument longer than {most} is not allowed here",
                                  most=MAX_ARGUMENT_LENGTH))


def _check_format(spec: Any) -> None:
    """Refuse a format string whose widths and precisions ('{:>N}', '%0Nd', '%.Nf')
    together would print more than a block may hold."""
    if not isinstance(spec, str):
        return
    numbers = [int(width or 0) + int(precision or 0)
               for width, precision in PRINTF_WIDTH.findall(spec)]
    try:
        for _literal, _name, field_spec, _conversion in string.Formatter().parse(spec):
            numbers += [int(digits) for digits in re.findall(r"\d+", field_spec or "")]
    except ValueError:
        pass  # not a str.format string: Python says so when it is used as one
    if sum(numbers) > MAX_TEMPLATE_NUMBER:
        raise SecurityError(_("a format width above {most} is not allowed",
                              most=MAX_TEMPLATE_NUMBER))


def _length(value: Any) -> int:
    return len(value) if isinstance(value, SIZED) else len(str(value))


def _grown(name: str, value: Any, args: tuple, kwargs: dict) -> int:
    """About how long the text of a text-growing filter or method would be (0: it does
    not grow text much): checked before it runs, so nothing huge is ever built."""
    def argument(index: int, keyword: str, default: Any) -> Any:
        return args[index] if len(args) > index else kwargs.get(keyword, default)
    if not isinstance(value, str) and name not in ("join",):
        return 0
    if name == "replace":
        old, new = str(argument(0, "old", "")), str(argument(1, "new", ""))
        return len(value) + (value.count(old) if old else len(value) + 1) * len(new)
    if name == "join":  # 'sep'.join(items), items|join(sep), or 'text'|join(sep)
        if not isinstance(value, str):
            return _length(value) * (_length(argument(0, "d", "")) + 1) + sum(
                map(_length, value)) if isinstance(value, SIZED) else 0
        items = argument(0, "iterable", "")
        return max(_length(items) * (len(value) + 1), len(value) * (_length(items) + 1))
    if name == "indent":
        width = argument(0, "width", 4)
        return len(value) + (value.count("\n") + 1) * _length(width if isinstance(
            width, str) else " " * min(int(width), MAX_TEMPLATE_NUMBER + 1))
    if name == "wordwrap":
        width, wrap = argument(0, "width", 79), argument(2, "wrapstring", None) or "\n"
        return len(value) + (len(value) // max(int(width), 1) + 1) * _length(wrap)
    if name == "expandtabs":
        return len(value) + value.count("\t") * int(argument(0, "tabsize", 8))
    if name == "translate":
        table = argument(0, "table", {})
        longest = max((_length(v) for v in table.values() if v is not None), default=1) \
            if isinstance(table, dict) else 1
        return len(value) * longest
    return 0


def _check_growth(name: str, value: Any, args: tuple, kwargs: dict) -> None:
    if name == "format":
        _check_format(value)
    try:
        grown = _grown(name, value, args, kwargs)
    except (TypeError, ValueError, OverflowError):
        return  # arguments of the wrong kind: the call itself says so
    if grown > MAX_BLOCK_CHARS:
        raise SecurityError(_("{name} would make text longer than {most} characters",
                              name=name, most=MAX_BLOCK_CHARS))


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """jinja2's lipsum, bounded: n paragraphs of up to max words stay within a block."""
    from jinja2.utils import generate_lorem_ipsum

    if n * max * 12 > MAX_BLOCK_CHARS:  # a word and its space: at most 12 characters
        raise SecurityError(_("lipsum of more than {most} characters is not allowed",
                              most=MAX_BLOCK_CHARS))
    return generate_lorem_ipsum(n, html, min, max)


def _check_joined(value: Any) -> Any:
    if isinstance(value, SIZED) and len(value) > MAX_BLOCK_CHARS:
        raise SecurityError(_("joining to more than {most} characters is not allowed",
                              most=MAX_BLOCK_CHARS) if isinstance(value, str) else _(
            "joining to more than {most} items is not allowed", most=MAX_BLOCK_CHARS))
    return value


def _guarded(name: str, function: Callable) -> Callable:
    """The filter, refusing huge or long arguments (center(10**9), replace('x', long)) and
    text it would grow beyond a block (replace, indent, wordwrap, join, format)."""
    skip = 1 if _PassArg.from_obj(function) is None else 2  # the context, then the value

    @functools.wraps(function)  # keeps jinja's pass_context/pass_environment marks
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args[skip:])
        _check_arguments(kwargs.values())
        if len(args) >= skip:
            _check_growth(name, args[skip - 1], args[skip:], kwargs)
        return function(*args, **kwargs)
    return guarded


class _Guards(NodeTransformer):
    """Every {% for %} iterates through the step counter; every ~ is length-checked.
    (jinja2 has no hooks for either: the sandbox limits ranges, not loops in loops.)"""

    def visit_For(self, node: nodes.For) -> nodes.For:
        node = self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, LOOP_GUARD, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:
        node = self.generic_visit(node)
        return nodes.Filter(node, JOIN_GUARD, [], [], None, None, lineno=node.lineno)


class CopyEnvironment(ImmutableSandboxedEnvironment):
    """jinja2's immutable sandbox, refusing operations that would build something huge."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, max_loop_steps: int = MAX_LOOP_STEPS, **options: Any):
        super().__init__(**options)
        self.filters = {name: _guarded(name, function)
                        for name, function in self.filters.items()}
        self.globals["lipsum"] = _lipsum
        self.filters[LOOP_GUARD] = self._count_steps
        self.filters[JOIN_GUARD] = _check_joined
        self.max_loop_steps = max_loop_steps
        self.loop_steps = 0  # the caller resets it (reset_block) before each block
        self.block_started = time.monotonic()

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _Guards().visit(super()._parse(source, name, filename))

    def reset_block(self) -> None:
        """Start the counts of a new block: loop steps and time."""
        self.loop_steps = 0
        self.block_started = time.monotonic()

    def _count_steps(self, iterable: Any) -> Iterator[Any]:
        for item in iterable:
            self.loop_steps += 1
            if self.loop_steps > self.max_loop_steps:
                raise SecurityError(_("its loops take more than {most} steps",
                                      most=self.max_loop_steps))
            if self.loop_steps % 1024 == 0 and \
                    time.monotonic() - self.block_started > MAX_BLOCK_SECONDS:
                raise SecurityError(_("its loops take longer than {most} s",
                                      most=MAX_BLOCK_SECONDS))
            yield item

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and format_map, refusing widths beyond a block ('{:>99999999}')."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any,
                   right: Any) -> Any:
        if operator == "*" and _repeated_length(left, right) > MAX_BLOCK_CHARS:
            raise SecurityError(_("repeating text or a list to more than {most} items is "
                                  "not allowed", most=MAX_BLOCK_CHARS))
        if operator == "**" and _power_bits(left, right) > MAX_POWER_BITS:
            raise SecurityError(_("a power larger than 2**{bits} is not allowed",
                                  bits=str(MAX_POWER_BITS)))
        if operator == "*" and _product_bits(left, right) > MAX_PRODUCT_BITS:
            raise SecurityError(_("a product larger than 2**{bits} is not allowed",
                                  bits=str(MAX_PRODUCT_BITS)))
        if operator == "%" and isinstance(left, str):
            _check_arguments(right if isinstance(right, tuple) else (right,))
            _check_format(left)
        result = super().call_binop(context, operator, left, right)
        return _check_joined(result) if operator == "+" else result

    def call(__self, __context: jinja2.runtime.Context, __obj: Any,  # noqa: N805
             *args: Any, **kwargs: Any) -> Any:
        if not isinstance(__obj, jinja2.runtime.Macro):  # a macro's output is bounded
            _check_arguments(args)
            _check_arguments(kwargs.values())
            subject = getattr(__obj, "__self__", None)  # 'text'.replace(...): a method
            if isinstance(subject, str):
                _check_growth(getattr(__obj, "__name__", ""), subject, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _repeated_length(left: Any, right: Any) -> int:
    """The length of left * right when it repeats a sequence, else 0."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, SIZED) and isinstance(count, int):
            return len(sequence) * max(count, 0)
    return 0


def _product_bits(left: Any, right: Any) -> int:
    """About how many bits left * right has when both are whole numbers (else 0)."""
    if isinstance(left, int) and isinstance(right, int):
        return abs(left).bit_length() + abs(right).bit_length()
    return 0


def _power_bits(base: Any, exponent: Any) -> float:
    """About how many bits base ** exponent has (0 when it is small or not whole)."""
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 0:
        return 0
    return exponent * math.log2(abs(base)) if abs(base) > 1 else 0
