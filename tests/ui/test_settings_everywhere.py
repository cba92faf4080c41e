"""One settings service for the window and the CLI: a provider a user configures in the window is
the one `waadmin retry` sends through, a profile saved in the window opens from `--profile`,
and the window never calls the keyring on its GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.support import factories
from tests.support.keyring_memory import MemoryKeyring
from waadmin.db.database import open_database
from waadmin.providers import sandbox as sandbox_module


class RecordingKeyring(MemoryKeyring):
    """The in-memory keyring, noting the thread of every call."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[threading.Thread] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.threads.append(threading.current_thread())
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.threads.append(threading.current_thread())
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self.threads.append(threading.current_thread())
        super().delete_password(service, username)


@pytest.fixture
def recording_keyring() -> Iterator[RecordingKeyring]:
    previous = keyring.get_keyring()
    backend = RecordingKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _start(qtbot, url: str | None):
    from waadmin.ui.app import start

    context = start(url)
    qtbot.addWidget(context.window)
    qtbot.waitUntil(lambda: context.session.database is not None, timeout=10_000)
    return context


def _due_retry(url: str, phone: str) -> int:
    database = open_database(url, create=True)
    try:
        return factories.due_retry(database, phone_number=phone)
    finally:
        database.dispose()


def _status(url: str, attempt_id: int) -> str:
    database = open_database(url)
    try:
        return factories.row(database, attempt_id)["status"]
    finally:
        database.dispose()


def _close(context) -> None:
    context.window.close()
    context.tracker.wait_idle(20_000)
    context.session.close()


def test_a_provider_configured_in_the_window_is_the_one_waadmin_retry_uses(qtbot, tmp_path, sandbox, answers, recording_keyring) -> None:
    from waadmin.cli.main import main as cli_main

    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    context = _start(qtbot, url)
    try:
        dialog = context.window.connection.configure_provider()
        qtbot.waitUntil(dialog.isVisible, timeout=5000)
        dialog.kind.setCurrentIndex(dialog.kind.findData("wachap"))
        dialog.wachap_url.clear()
        qtbot.keyClicks(dialog.wachap_url, sandbox.wachap_url)
        qtbot.keyClicks(dialog.instance_ids["mali"], sandbox_module.INSTANCES["mali"])
        qtbot.keyClicks(dialog.tokens["mali"], sandbox_module.TOKENS["mali"])
        with qtbot.waitSignal(context.session.provider_changed, timeout=10_000):
            qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
        attempt_id = factories.due_retry(context.session.database, phone_number="+22376005511")
    finally:
        _close(context)
    window_calls = list(recording_keyring.threads)
    assert window_calls and threading.main_thread() not in window_calls

    # The command line, with no provider variable set (the tests clear them), sends through it.
    assert cli_main(["retry", "--database", url, "--max-retries", "5"]) == 0
    assert [r.route for r in sandbox.sends()] == [sandbox_module.INSTANCES["mali"]]
    assert _status(url, attempt_id) == "sent"


def test_the_window_never_calls_the_keyring_on_its_gui_thread(qtbot, tmp_path, sandbox, answers, recording_keyring) -> None:
    """Starting (saved settings read), the provider dialog, the profiles dialog (list, save,
    connect) and a second start that reads it all back: every keyring call off the GUI thread."""
    from waadmin.cli.main import main as cli_main

    profile_url = f"sqlite:///{tmp_path / 'profile.sqlite3'}"
    attempt_id = _due_retry(profile_url, "+22376005522")
    context = _start(qtbot, None)
    try:
        dialog = context.window.connection.configure_provider()
        qtbot.waitUntil(dialog.isVisible, timeout=5000)
        dialog.kind.setCurrentIndex(dialog.kind.findData("wachap"))
        qtbot.keyClicks(dialog.instance_ids["mali"], sandbox_module.INSTANCES["mali"])
        qtbot.keyClicks(dialog.tokens["mali"], sandbox_module.TOKENS["mali"])
        with qtbot.waitSignal(context.session.provider_changed, timeout=10_000):
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

        profiles = context.window.connection.manage_profiles()
        qtbot.waitUntil(profiles.isVisible, timeout=5000)
        profiles.new_profile()
        qtbot.keyClicks(profiles.name, "Demo")
        profiles.kind.setCurrentIndex(profiles.kind.findData("sqlite"))
        qtbot.keyClicks(profiles.path, profile_url.removeprefix("sqlite:///"))
        profiles.provider_kind.setCurrentIndex(profiles.provider_kind.findData("wachap"))
        profiles.wachap_url.setText(sandbox.wachap_url)
        qtbot.keyClicks(profiles.instances["mali"][0], sandbox_module.INSTANCES["mali"])
        qtbot.keyClicks(profiles.instances["mali"][1], sandbox_module.TOKENS["mali"])
        qtbot.mouseClick(profiles.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Saved." in profiles.result.toPlainText(), timeout=10_000)
        assert [profiles.list.item(i).text() for i in range(profiles.list.count())] == ["Demo"]
        with qtbot.waitSignal(context.session.connected, timeout=10_000):
            qtbot.mouseClick(profiles.connect_button, Qt.MouseButton.LeftButton)
        assert context.session.provider_settings.wachap_url == sandbox.wachap_url
    finally:
        _close(context)
    again = _start(qtbot, None)
    try:
        qtbot.waitUntil(lambda: again.session.provider_settings.resolved_kind() == "wachap", timeout=10_000)
        assert again.session.provider_settings.instance("mali").access_token == sandbox_module.TOKENS["mali"]
    finally:
        _close(again)
    assert len(recording_keyring.threads) >= 4
    assert threading.main_thread() not in recording_keyring.threads

    # The profile saved in the window opens from the command line, token and all.
    assert cli_main(["retry", "--profile", "Demo", "--max-retries", "5"]) == 0
    assert _status(profile_url, attempt_id) == "sent"
    assert [r.route for r in sandbox.sends()] == [sandbox_module.INSTANCES["mali"]]
