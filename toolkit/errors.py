"""One exception family for bad input, and a collector so a run reports every problem at once.

Policy (see README, "Messages"): an *error* means the input cannot be used and nothing is
written; a *warning* means it can be used but a person should look. Both name the file and
the field, and say how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem with one input: where it is, what is wrong, how to fix it."""

    file: str
    field: str
    message: str
    fix: str = ""
    kind: str = field(default="", compare=False)  # what went wrong, in no language

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        text = f"{where}: {self.message}"
        return f"{text} ({self.fix})" if self.fix else text


class ToolkitError(Exception):
    """Base of every error the CLI reports without a traceback (exit code 2)."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def __reduce__(self):
        """Pickle by problems (a worker process hands errors back to the parent)."""
        return _restore, (type(self), self.problems)


def _restore(kind: type, problems: list[Problem]) -> ToolkitError:
    error = kind.__new__(kind)
    ToolkitError.__init__(error, problems)
    return error


class OneProblem(ToolkitError):
    """A ToolkitError raised with one problem: file, field, message, fix."""

    def __init__(self, file: str, field: str, message: str, fix: str = ""):
        super().__init__([Problem(file, field, message, fix)])


class InputError(OneProblem):
    """A problem in the campaign's inputs."""


class TextDoesNotFit(InputError):
    """Copy that cannot be set inside its box even at the smallest allowed size."""

    KIND = "does-not-fit"  # the kind of a text set in too many lines (not a word too wide)

    def __init__(self, file: str, field: str, message: str, fix: str = "", kind: str = ""):
        ToolkitError.__init__(self, [Problem(file, field, message, fix, kind)])


class OutputError(OneProblem):
    """The output folder cannot take the build (a full disk, no permission, a lock); the
    earlier outputs are unchanged. The CLI exits with code 3."""


class LockedError(OutputError):
    """Another build is writing into the same output folder."""


@dataclass
class Problems:
    """Collects problems (errors) and warnings; each warning is kept once."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skipped: dict[str, list[Problem]] = field(default_factory=dict)  # region id -> errors

    def error(self, file: str, field_path: str, message: str, fix: str = "") -> None:
        self.errors.append(Problem(file, field_path, message, fix))

    def warn(self, file: str, field_path: str, message: str, fix: str = "") -> None:
        problem = Problem(file, field_path, message, fix)
        if problem not in self.warnings:
            self.warnings.append(problem)

    def absorb(self, error: ToolkitError) -> None:
        for problem in error.problems:
            if problem not in self.errors:
                self.errors.append(problem)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ToolkitError(self.errors)


def relative(path: Path, root: Path) -> str:
    """Return path relative to root for messages (the path as given if outside it)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
