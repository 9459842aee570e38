"""Progress of a long build: a bar on a terminal (files done, rate, time left), plain
lines when the output is a log, nothing with -q."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from toolkit.config.messages import _

BAR_WIDTH = 28
LOG_EVERY_S = 10.0  # a plain line at most this often


class Progress:
    def __init__(self, tasks: int, enabled: bool, stream: TextIO | None = None):
        self.tasks = tasks
        self.enabled = enabled and tasks > 1
        # sys.stderr as it is now, not as it was at import (tests and callers redirect it)
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.started = time.perf_counter()
        self.done_tasks = 0
        self.files = 0
        self._last_line = 0.0

    def update(self, files: int, label: str) -> None:
        self.done_tasks += 1
        self.files += files
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.started
        rate = self.files / elapsed if elapsed else 0.0
        left = elapsed / self.done_tasks * (self.tasks - self.done_tasks)
        text = _("{done}/{tasks} regions, {files} files, {rate} files/s, {left} s left "
                 "({label})", done=str(self.done_tasks), tasks=str(self.tasks),
                 files=str(self.files), rate=round(rate), left=round(left), label=label)
        if self.terminal:
            filled = round(BAR_WIDTH * self.done_tasks / self.tasks)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {text}\033[K")
            if self.done_tasks == self.tasks:
                self.stream.write("\n")
            self.stream.flush()
        elif elapsed - self._last_line >= LOG_EVERY_S or self.done_tasks == self.tasks:
            self._last_line = elapsed
            print(text, file=self.stream, flush=True)
