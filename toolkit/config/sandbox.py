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
from typing import Any, Callable, Iterator

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import _PassArg
from jinja2.visitor import NodeTransformer

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
LOOP_GUARD = "loop_steps"  # the filter every {% for %} iterates through
JOIN_GUARD = "joined_text"  # the filter every ~ (joining text) passes through
SIZED = (str, list, tuple, dict)


def _check_arguments(values: Any) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) \
                and abs(value) > MAX_TEMPLATE_NUMBER:
            raise SecurityError(f"a number above {MAX_TEMPLATE_NUMBER:,} is not allowed here")
        if isinstance(value, SIZED) and len(value) > MAX_ARGUMENT_LENGTH:
            raise SecurityError(f"an argument longer than {MAX_ARGUMENT_LENGTH:,} is not "
                                "allowed here")


def _check_joined(value: Any) -> Any:
    if isinstance(value, SIZED) and len(value) > MAX_BLOCK_CHARS:
        unit = "characters" if isinstance(value, str) else "items"
        raise SecurityError(f"joining to more than {MAX_BLOCK_CHARS:,} {unit} is not allowed")
    return value


def _guarded(function: Callable) -> Callable:
    """The filter, refusing huge or long arguments (center(10**9), replace('x', long))."""
    skip = 1 if _PassArg.from_obj(function) is None else 2  # the context, then the value

    @functools.wraps(function)  # keeps jinja's pass_context/pass_environment marks
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args[skip:])
        _check_arguments(kwargs.values())
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
        self.filters = {name: _guarded(function) for name, function in self.filters.items()}
        self.filters[LOOP_GUARD] = self._count_steps
        self.filters[JOIN_GUARD] = _check_joined
        self.max_loop_steps = max_loop_steps
        self.loop_steps = 0  # the caller resets it before each block

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _Guards().visit(super()._parse(source, name, filename))

    def _count_steps(self, iterable: Any) -> Iterator[Any]:
        for item in iterable:
            self.loop_steps += 1
            if self.loop_steps > self.max_loop_steps:
                raise SecurityError(f"its loops take more than {self.max_loop_steps:,} steps")
            yield item

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any,
                   right: Any) -> Any:
        if operator == "*" and _repeated_length(left, right) > MAX_BLOCK_CHARS:
            raise SecurityError(f"repeating text or a list to more than {MAX_BLOCK_CHARS:,} "
                                "items is not allowed")
        if operator == "**" and _power_bits(left, right) > MAX_POWER_BITS:
            raise SecurityError(f"a power larger than 2**{MAX_POWER_BITS} is not allowed")
        if operator == "%" and isinstance(left, str):
            _check_arguments(right if isinstance(right, tuple) else (right,))
        result = super().call_binop(context, operator, left, right)
        return _check_joined(result) if operator == "+" else result

    def call(__self, __context: jinja2.runtime.Context, __obj: Any,  # noqa: N805
             *args: Any, **kwargs: Any) -> Any:
        if not isinstance(__obj, jinja2.runtime.Macro):  # a macro's output is bounded
            _check_arguments(args)
            _check_arguments(kwargs.values())
        return super().call(__context, __obj, *args, **kwargs)


def _repeated_length(left: Any, right: Any) -> int:
    """The length of left * right when it repeats a sequence, else 0."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, SIZED) and isinstance(count, int):
            return len(sequence) * max(count, 0)
    return 0


def _power_bits(base: Any, exponent: Any) -> float:
    """About how many bits base ** exponent has (0 when it is small or not whole)."""
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 0:
        return 0
    return exponent * math.log2(abs(base)) if abs(base) > 1 else 0
