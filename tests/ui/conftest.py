"""The desktop app on offscreen Qt, over a real SQLite demo database and a fake provider that
is a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from waadmin.db.database import open_database
from waadmin.engine.demo import load_demo
from waadmin.providers.sandbox import SandboxServer


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database built once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    database = open_database(str(path), create=True)
    load_demo(database, 1500, days=30, seed=11)
    database.dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> str:
    import shutil

    target = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, target)
    for suffix in ("-wal", "-shm"):
        extra = Path(str(demo_template) + suffix)
        if extra.exists():
            shutil.copy(extra, Path(str(target) + suffix))
    return f"sqlite:///{target}"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@dataclass
class Answers:
    """Stands in for the person at the keyboard: answers yes/no questions, keeps the messages."""

    reply: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes
    questions: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    recorded = Answers()

    def question(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        recorded.questions.append(text)
        return recorded.reply

    def note(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        recorded.messages.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(note))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(note))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(note))
    return recorded


@pytest.fixture
def app_context(qtbot, demo_db: str, sandbox: SandboxServer, answers: Answers):
    from waadmin.ui.app import start

    context = start(demo_db)
    context.session.set_provider_settings(sandbox.settings("wachap"))
    qtbot.addWidget(context.window)
    qtbot.waitUntil(lambda: context.window.attempts.model.rowCount() > 0, timeout=10_000)
    yield context
    context.window.close()
    context.tracker.wait_idle(20_000)
    context.session.close()
