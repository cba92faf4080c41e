"""First run: on an empty embedded database the window opens on a welcome panel that offers
demo data, a connection to the Django database and a provider. Stories of a new user."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import func, select

from tests.support import factories
from tests.ui import helpers
from waadmin.config import paths
from waadmin.db.urls import embedded_path
from waadmin.providers import sandbox as sandbox_module
from waadmin.ui.dialogs.connection_dialog import ConnectionDialog
from waadmin.ui.dialogs.provider_dialog import ProviderDialog


@pytest.fixture
def first_run(qtbot, answers) -> Iterator[Any]:
    """waadmin started with nothing configured: no --database, no provider, no saved settings."""
    from waadmin.ui.app import start

    context = start(None)
    qtbot.addWidget(context.window)
    qtbot.waitUntil(lambda: context.session.database is not None, timeout=10_000)
    yield context
    context.window.close()
    context.tracker.wait_idle(20_000)
    context.session.close()


def when_dialog_opens(dialog_type: type, act: Callable[[Any], None]) -> None:
    """Answers a modal dialog the way a person does, once it is on screen."""

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, dialog_type) and widget.isVisible():
                act(widget)
                return
        QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def test_first_start_opens_on_the_welcome_panel_with_three_ways_to_start(first_run, qtbot) -> None:
    window = first_run.window
    panel = window.welcome
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    assert first_run.session.database.embedded
    assert str(embedded_path()) in first_run.session.database.url
    assert not window.tabs.isVisible()
    assert [b.text() for b in (panel.demo_button, panel.connect_button, panel.provider_button)] == ["Load demo data", "Connect to a database…", "Configure a provider…"]
    assert "No provider is configured" in panel.provider_status.text()


def test_load_demo_data_shows_progress_then_the_list(first_run, qtbot) -> None:
    window = first_run.window
    panel = window.welcome
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    seen: list[int] = []
    panel.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(panel.demo_loaded, timeout=90_000) as loaded:
        qtbot.mouseClick(panel.demo_button, Qt.MouseButton.LeftButton)
        assert panel.progress.isVisible() and not panel.demo_button.isEnabled()
    assert loaded.args[0].attempts == 5000
    assert len(seen) >= 5 and max(seen) == 5000, "the progress bar did not follow the inserts"
    assert not panel.isVisible() and window.tabs.isVisible()
    qtbot.waitUntil(lambda: window.attempts.model.rowCount() > 0, timeout=10_000)
    database = first_run.session.database
    with database.read() as conn:
        assert conn.execute(select(func.count()).select_from(database.layout.attempt)).scalar_one() == 5000
    assert "Demo data loaded" in window.statusBar().currentMessage()
    # A change made from the window, audited like every other.
    [entry] = first_run.session.audit.entries(action="demo")
    assert (entry.row_count, entry.interface) == (5000, "gui")


def test_the_panel_stays_away_once_the_embedded_database_has_attempts(qtbot, answers) -> None:
    from waadmin.db.database import open_database
    from waadmin.ui.app import start

    database = open_database(None, create=True)
    factories.attempt(database, status="failed_retry")
    database.dispose()
    context = start(None)
    qtbot.addWidget(context.window)
    try:
        qtbot.waitUntil(lambda: context.window.attempts.model.rowCount() == 1, timeout=10_000)
        assert not context.window.welcome.isVisible()
        assert context.window.tabs.isVisible()
    finally:
        context.window.close()
        context.tracker.wait_idle(20_000)
        context.session.close()


def test_connect_to_a_database_opens_the_connection_dialog_and_leaves_the_panel(first_run, demo_db: str, qtbot) -> None:
    window = first_run.window
    panel = window.welcome
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    path = demo_db.removeprefix("sqlite:///")

    def fill(dialog: ConnectionDialog) -> None:
        dialog.url.clear()
        qtbot.keyClicks(dialog.url, path)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    when_dialog_opens(ConnectionDialog, fill)
    qtbot.mouseClick(panel.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: first_run.session.database is not None and not first_run.session.database.embedded, timeout=10_000)
    qtbot.waitUntil(lambda: window.attempts.model.rowCount() > 0, timeout=10_000)
    assert not panel.isVisible() and window.tabs.isVisible()
    assert "demo.sqlite3" in window.db_label.text()


def _configure_wachap_mali(qtbot, dialog: ProviderDialog, sandbox) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData("wachap"))
    dialog.wachap_url.clear()
    qtbot.keyClicks(dialog.wachap_url, sandbox.wachap_url)
    qtbot.keyClicks(dialog.instance_ids["mali"], sandbox_module.INSTANCES["mali"])
    qtbot.keyClicks(dialog.tokens["mali"], sandbox_module.TOKENS["mali"])
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_configure_a_provider_keeps_the_token_in_the_keyring_and_retries_go_through_it(first_run, sandbox, memory_keyring, qtbot) -> None:
    window = first_run.window
    panel = window.welcome
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    when_dialog_opens(ProviderDialog, lambda dialog: _configure_wachap_mali(qtbot, dialog, sandbox))
    with qtbot.waitSignal(first_run.session.provider_changed, timeout=10_000):
        qtbot.mouseClick(panel.provider_button, Qt.MouseButton.LeftButton)
    assert "Provider: WaChap" in panel.provider_status.text()
    token = sandbox_module.TOKENS["mali"]
    assert memory_keyring.store[("waadmin.settings", "provider/wachap_mali_access_token")] == token
    saved = json.loads(paths.settings_file().read_text(encoding="utf-8"))["sections"]["provider"]
    assert saved["data"]["wachap_mali_instance_id"] == sandbox_module.INSTANCES["mali"]
    assert saved["data"]["wachap_url"] == sandbox.wachap_url
    assert token not in paths.settings_file().read_text(encoding="utf-8")

    # The provider is used at once: one attempt retried from the window reaches the sandbox.
    attempt_id = factories.attempt(first_run.session.database, status="failed_retry", attempt_count=1, phone_number="+22376001234")
    window.attempts.model.reload()
    qtbot.waitUntil(lambda: window.attempts.model.row_of_id(attempt_id) is not None, timeout=5000)
    helpers.select_rows(window.attempts.table, [window.attempts.model.row_of_id(attempt_id)])
    with qtbot.waitSignal(window.batch_finished, timeout=15_000) as done:
        window.act_retry_selected.trigger()
    assert done.args[0].success == 1
    assert [r.route for r in sandbox.sends()] == [sandbox_module.INSTANCES["mali"]]
    assert factories.row(first_run.session.database, attempt_id)["status"] == "sent"


def test_a_saved_provider_is_restored_at_the_next_start(first_run, sandbox, qtbot, answers) -> None:
    from waadmin.ui.app import start

    qtbot.waitUntil(first_run.window.welcome.isVisible, timeout=5000)
    when_dialog_opens(ProviderDialog, lambda dialog: _configure_wachap_mali(qtbot, dialog, sandbox))
    with qtbot.waitSignal(first_run.session.provider_changed, timeout=10_000):
        first_run.window.welcome.provider_button.click()
    first_run.window.close()

    again = start(None)
    qtbot.addWidget(again.window)
    try:
        qtbot.waitUntil(lambda: again.session.provider_settings.resolved_kind() == "wachap", timeout=10_000)
        restored = again.session.provider_settings
        assert restored.wachap_url == sandbox.wachap_url
        assert restored.instance("mali").access_token == sandbox_module.TOKENS["mali"]
        assert "Provider: WaChap" in again.window.welcome.provider_status.text()
    finally:
        again.window.close()
        again.tracker.wait_idle(20_000)
        again.session.close()


def test_without_a_keyring_the_provider_works_for_this_session_and_the_user_is_told(first_run, sandbox, qtbot) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        qtbot.waitUntil(first_run.window.welcome.isVisible, timeout=5000)
        when_dialog_opens(ProviderDialog, lambda dialog: _configure_wachap_mali(qtbot, dialog, sandbox))
        with qtbot.waitSignal(first_run.session.provider_changed, timeout=10_000):
            first_run.window.welcome.provider_button.click()
    finally:
        keyring.set_keyring(previous)
    status = first_run.window.welcome.provider_status.text()
    assert "Provider: WaChap" in status
    assert "No system keyring" in status and "this session only" in status
    assert first_run.session.provider_settings.instance("mali").access_token == sandbox_module.TOKENS["mali"]


def test_the_provider_dialog_refuses_an_incomplete_configuration(first_run, qtbot) -> None:
    dialog = ProviderDialog(first_run.tracker, first_run.session.provider_settings, first_run.window)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("meta"))
    qtbot.keyClicks(dialog.meta_token, "only-a-token-0123456789")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.note.text().startswith("❌") and "phone-number id" in dialog.note.text()
    assert dialog.saved is None
