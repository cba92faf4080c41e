"""The desktop app on a big database, offscreen: the longest event-loop stall while loading,
scrolling, filtering, showing the dashboard, changing its window and refreshing it, and retrying
a 2,000-attempt batch (a 5 ms QTimer heartbeat measures the gaps), each beside the heartbeat's
own worst gap with the app idle, measured in the same run (before the window, between phases,
after the batch): on a shared machine the figure to read is a stall's excess over that baseline.
Also the time from start to first rows, and resident memory.

    python -m benchmarks.gui --sqlite /tmp/attempts-1m.sqlite3 [--demo] [--batch 2000]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import report  # noqa: E402
from benchmarks.sandbox_process import sandbox_process  # noqa: E402
from waadmin.domain.filters import AttemptFilter  # noqa: E402
from waadmin.domain.statuses import Status  # noqa: E402

HEARTBEAT_MS = 5
IDLE_SECONDS = 3.0  # each idle phase: long enough for the machine's own hiccups to show
TARGET_ABOVE_IDLE_MS = 50.0


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Heartbeat:
    """Records the longest gap between ticks of a timer on the GUI thread, beyond its interval."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.worst_ms = 0.0
        self.where = ""
        self.phase = ""
        self.by_phase: dict[str, float] = {}
        self._last = self.started = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000 - HEARTBEAT_MS
        if gap > self.worst_ms:
            self.worst_ms, self.where = gap, self.phase
        if gap > self.by_phase.get(self.phase, 0.0):
            self.by_phase[self.phase] = gap
        self._last = now

    def reset(self, phase: str) -> None:
        self.phase = phase
        self._last = self.started = time.perf_counter()


class StallSampler:
    """With --why: a thread that looks at the GUI thread's stack whenever the heartbeat is late
    by more than ``late_ms``, and counts where it was, so a stall can be traced to its code."""

    def __init__(self, beat: Heartbeat, late_ms: float = 20.0) -> None:
        import threading
        from collections import Counter

        self.beat = beat
        self.late_ms = late_ms
        self.seen: Counter[tuple[str, ...]] = Counter()
        self.others: Counter[tuple[str, ...]] = Counter()
        self._gui = threading.get_ident()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        import threading
        import traceback

        while not self._done.wait(0.002):
            late = (time.perf_counter() - self.beat._last) * 1000 - HEARTBEAT_MS
            if late < self.late_ms:
                continue
            frame = sys._current_frames().get(self._gui)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)
            ours = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in stack if "waadmin" in f.filename or "pyqtgraph" in f.filename]
            if not ours and stack:  # in the event loop itself: say which Python line called into Qt
                ours = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in stack[-2:]]
            self.seen[(self.beat.phase, *ours[-6:])] += 1
            if os.environ.get("WAADMIN_BENCH_ALL_THREADS"):
                for ident, other in sys._current_frames().items():
                    if ident in (self._gui, threading.get_ident()):
                        continue
                    tail = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in traceback.extract_stack(other)[-5:]]
                    self.others[(self.beat.phase, *tail)] += 1

    def report(self, top: int = 12) -> None:
        self._done.set()
        print(f"\nwhere the GUI thread was while the heartbeat was {self.late_ms:g}+ ms late (samples every 2 ms):")
        for stack, n in self.seen.most_common(top):
            print(f"{n:5}  [{stack[0]}]")
            for line in stack[1:]:
                print(f"         {line}")
        if self.others:
            print("\nthe other threads meanwhile:")
            for stack, n in self.others.most_common(top):
                print(f"{n:5}  [{stack[0]}]")
                for line in stack[1:]:
                    print(f"         {line}")


class Wait:
    """A scenario step waits until ``condition()`` holds (checked every POLL_MS)."""

    def __init__(self, condition: Callable[[], bool], timeout: float = 60.0) -> None:
        self.condition = condition
        self.deadline = time.perf_counter() + timeout

    def done(self) -> bool:
        if self.condition():
            return True
        if time.perf_counter() > self.deadline:
            raise SystemExit("timed out waiting for the app")
        return False


def pause(seconds: float) -> Wait:
    until = time.perf_counter() + seconds
    return Wait(lambda: time.perf_counter() >= until, seconds + 60)


POLL_MS = 5


def play(scenario: Iterator[Wait]) -> None:
    """Run a scenario from inside the Qt event loop, the way a user's clicks arrive: the loop
    runs in Qt (app.exec), waiting in the system without the interpreter lock, and the
    scenario's next step runs from a timer once its wait is over. (A Python loop around
    processEvents() and sleep() kept the GUI thread in Python between events, taking the
    interpreter lock back from worker threads after every millisecond of sleep: its waits
    were the benchmark's, not the app's.)"""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    failure: list[BaseException] = []
    current: list[Wait | None] = [None]

    def step() -> None:
        try:
            waiting = current[0]
            if waiting is not None and not waiting.done():
                return
            current[0] = next(scenario)
        except StopIteration:
            loop.quit()
        except BaseException as error:  # noqa: BLE001 - carried out of the event loop
            failure.append(error)
            loop.quit()

    timer = QTimer()
    timer.setInterval(POLL_MS)
    timer.timeout.connect(step)
    timer.start()
    QTimer.singleShot(0, step)
    loop.exec()
    timer.stop()
    if failure:
        raise failure[0]


def _answer_yes() -> bool:
    """Press Yes in the confirmation the retry asks for, once it shows; True once pressed."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        return False
    button = box.button(QMessageBox.StandardButton.Yes)
    if button is None:
        return False
    button.click()
    return True


def run(url: str, demo_url: str | None, batch: int, why: bool = False) -> list[str]:
    from waadmin.ui.app import qt_application, start

    lines: list[str] = []
    qt_application()
    if demo_url:
        started = time.perf_counter()
        context = start(demo_url)
        play(iter([Wait(lambda: context.window.attempts.model.rowCount() > 0)]))
        first_ms = (time.perf_counter() - started) * 1000
        lines.append(report.line("app start to first rows, demo database", first_ms, "ms", "<= 2000 ms", first_ms <= 2000))
        context.tracker.wait_idle(10_000)
        context.window.close()
        context.session.close()

    beat = Heartbeat()
    sampler = StallSampler(beat) if why else None
    # The machine's own gaps, before there is a window: the first of the idle baselines.
    beat.reset("idle: before the window")
    play(iter([pause(IDLE_SECONDS)]))
    started = time.perf_counter()
    context = start(url)
    built_ms = (time.perf_counter() - started) * 1000
    # Building the window happens before there is an event loop to stall: timed on its own.
    lines.append(report.line("window built (before the event loop runs)", built_ms, "ms", "", True))
    beat.reset("loading")
    window = context.window
    model = window.attempts.model
    table = window.attempts.table

    def batch_seconds() -> float:
        return time.perf_counter() - beat.started

    def scenario() -> Iterator[Wait]:
        yield Wait(lambda: model.rowCount() > 0)
        first_ms = (time.perf_counter() - started) * 1000
        lines.append(report.line("app start to first rows, big database", first_ms, "ms", "(<= 2000 ms)", first_ms <= 2000))
        yield pause(2.0)  # counts, work figures, filter menus arrive in the background

        beat.reset("scrolling")
        for _ in range(40):  # 40 pages of 200 rows, as fast as the pages arrive
            table.scrollToBottom()
            rows = model.rowCount()
            yield Wait(lambda rows=rows: model.rowCount() > rows or not model.canFetchMore())
        yield pause(0.5)

        beat.reset("filtering")
        for statuses in ({Status.FAILED_RETRY}, {Status.SENT, Status.READ}, {Status.FAILED_RETRY, Status.FAILED_FINAL}, set()):
            window.attempts.apply_filter(AttemptFilter(statuses=frozenset(statuses)))
            yield pause(0.3)
            yield Wait(lambda: model.rowCount() > 0)
        window.attempts.apply_filter(AttemptFilter(search="+86135"))
        yield pause(1.0)
        yield Wait(lambda: model.rowCount() > 0, 30)
        window.attempts.apply_filter(AttemptFilter())
        yield pause(1.0)

        # The heartbeat alone, between phases: what the machine itself costs right now.
        beat.reset("idle: between phases")
        yield pause(IDLE_SECONDS)
        dashboard = window.dashboard
        beat.reset("dashboard: first show")
        window.tabs.setCurrentWidget(dashboard)
        yield Wait(lambda: dashboard.settled and not context.tracker.busy, 120)
        yield pause(0.3)
        for key in ("1h", "7d", "30d", "90d", "24h"):
            beat.reset("dashboard: window change")
            before = dashboard.stats
            dashboard.set_window(key)
            yield Wait(lambda before=before: dashboard.stats is not before and dashboard.settled and not context.tracker.busy, 120)
            yield pause(0.3)
        for _ in range(3):
            beat.reset("dashboard: refresh")
            before = dashboard.stats
            window.refresh()
            yield Wait(lambda before=before: dashboard.stats is not before and dashboard.settled and not context.tracker.busy, 120)
            yield pause(0.3)
        window.tabs.setCurrentWidget(window.attempts)
        yield pause(0.5)

        if batch:
            from PySide6.QtCore import QItemSelection, QItemSelectionModel, QTimer

            window.attempts.apply_filter(AttemptFilter(statuses=frozenset({Status.FAILED_RETRY})))
            yield pause(0.5)
            yield Wait(lambda: model.rowCount() > 0)
            while model.rowCount() < batch and not model._exhausted:
                rows = model.rowCount()
                table.scrollToBottom()  # a page at a time, as a user scrolling down
                yield Wait(lambda rows=rows: model.rowCount() > rows or model._exhausted)
            yield pause(0.5)
            chosen = min(batch, model.rowCount())
            selection = QItemSelection(model.index(0, 0), model.index(chosen - 1, model.columnCount() - 1))
            table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            yield pause(0.3)
            beat.reset(f"batch of {chosen:,}")
            # The confirmation is modal: the action is started from the event loop, and the
            # scenario presses Yes from the dialog's own loop.
            QTimer.singleShot(0, window.act_retry_selected.trigger)
            yield Wait(_answer_yes, 30)
            yield Wait(lambda: getattr(window, "operation", None) is not None, 30)
            yield Wait(lambda: getattr(window, "operation", None) is None, 900)
            yield pause(1.0)
            lines.append(report.line(f"batch of {chosen:,} sent, the sandbox in its own process", batch_seconds(), "s", "", True))

        yield Wait(lambda: not context.tracker.busy, 120)  # the list's refresh after the batch
        yield pause(1.0)
        beat.reset("idle: after")
        yield pause(IDLE_SECONDS)

    play(scenario())
    idle_phases = {phase: gap for phase, gap in beat.by_phase.items() if phase.startswith("idle")}
    baseline = max(idle_phases.values(), default=0.0)
    for phase, gap in idle_phases.items():
        lines.append(report.line(f"heartbeat's worst gap, {phase}", gap, "ms", "(baseline)", True))
    lines.append(report.line("baseline: the worst idle gap of this run", baseline, "ms", "", True))
    for phase, gap in beat.by_phase.items():
        if phase in idle_phases:
            continue
        limit = baseline + TARGET_ABOVE_IDLE_MS
        lines.append(report.line(f"longest stall, {phase} (above the baseline: {gap - baseline:+.0f} ms)", gap, "ms", f"<= {limit:.0f} ms", gap <= limit))
    if sampler is not None:
        sampler.report()
    memory = rss_mb()
    lines.append(report.line("resident memory, big database open and scrolled", memory, "MB", "<= 300 MB", memory <= 300))
    context.tracker.wait_idle(30_000)
    window.close()
    context.session.close()
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", type=Path, required=True, help="a database built by benchmarks.dataset")
    parser.add_argument("--demo", action="store_true", help="also time start-up on a fresh 'waadmin demo' database")
    parser.add_argument("--batch", type=int, default=2000, help="attempts in the retry batch (0: none; it changes the database)")
    parser.add_argument("--why", action="store_true", help="also print where the GUI thread was during its stalls")
    args = parser.parse_args(argv)
    demo_url = None
    with tempfile.TemporaryDirectory(prefix="waadmin-gui-bench-") as folder:
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[name] = str(Path(folder) / name.lower())  # no settings of the user's are read or written
        stack = contextlib.ExitStack()
        if args.batch:
            # The provider is another machine in real use: in this process its threads would
            # compete with the GUI thread for the interpreter lock and count as the app's stalls.
            os.environ.update(stack.enter_context(sandbox_process(0.1)))
        if args.demo:
            from waadmin.cli.main import main as cli

            demo_file = Path(folder) / "demo.sqlite3"
            cli(["demo", "--database", str(demo_file)])
            demo_url = f"sqlite:///{demo_file}"
        try:
            run(f"sqlite:///{args.sqlite}", demo_url, args.batch, args.why)
        finally:
            stack.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
