"""Texts built from data and shown once — a status-bar message after an action, the connection
banner, the lost-objects banner, a finished batch's summary, a dialog's result line after Test —
switch language with the rest when View → Language changes: nothing is left in English in
French, nor in French back in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QPushButton

from tests.support.django_rebuild import rebuild_like_django
from tests.ui import helpers, visible_texts
from waadmin.db.errors import DatabaseProblem, ProblemKind
from waadmin.providers.settings import ProviderSettings
from waadmin.ui import i18n
from waadmin.ui import settings as ui_settings

SAME_IN_BOTH = {"OK", "WaChap", "Audit", "Webhooks", "Notification", "Marketing", "Urgent", "Type", "Message", "Actions", "Source", "Pause", "Export CSV"}


@pytest.fixture
def demo_db(demo_db: str) -> str:
    """The demo database after the Django app's migration rebuilt its table: the lost-objects
    banner shows."""
    rebuild_like_django(demo_db)
    return demo_db


@pytest.fixture
def english(qapp):
    prefs = ui_settings.load_preferences()
    prefs.language = "en"
    ui_settings.save_preferences(prefs)
    i18n.install(qapp, "en")
    yield
    i18n.install(qapp, "en")


def _switch(window, key: str) -> None:
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() in ("Language", "Langue"))
    next(a for a in menu.actions() if a.objectName() == f"language_{key}").trigger()


def _lose_the_connection(context) -> None:
    """What a view does when its query met a dropped connection: the session takes it."""
    problem = DatabaseProblem(ProblemKind.UNREACHABLE, "Cannot reach the database: connection refused")
    assert context.session.report_problem(problem)


def _shown(window, *dialogs) -> list[tuple[str, str]]:
    texts = [("status bar message", window.statusBar().currentMessage())]
    texts += visible_texts.widget_texts(window)
    for dialog in dialogs:
        texts += visible_texts.widget_texts(dialog, visible_only=False)
    return texts


def test_messages_built_from_data_switch_language_both_ways(english, app_context, qtbot, tmp_path: Path) -> None:
    window = app_context.window
    model = window.attempts.model
    lost = window.lost_objects_banner
    qtbot.waitUntil(lost.isVisible, timeout=10_000)

    # A batch's summary: Retry selected, sent through the sandbox provider.
    rows = helpers.rows_where(model, lambda r: r.status == "failed_retry" and r.attempt_count < r.max_attempts and r.phone_number.startswith("+"))[:2]
    helpers.select_rows(window.attempts.table, rows)
    with qtbot.waitSignal(window.batch_finished, timeout=15_000):
        window.act_retry_selected.trigger()
    summary = window.long_actions.last_summary
    assert summary.text().startswith("Sent: 2")
    # A long operation's last word, in the status bar: an export.
    with qtbot.waitSignal(window.batch_finished, timeout=10_000):
        window.maintenance.start_export(str(tmp_path / "out.csv"))
    assert "rows written to" in window.statusBar().currentMessage()
    # A dialog's result line after Test: the connection's and an unconfigured provider's.
    from waadmin.ui.dialogs.connection_dialog import ConnectionDialog
    from waadmin.ui.dialogs.provider_dialog import ProviderDialog

    connection = ConnectionDialog(app_context.tracker, app_context.session.database, window)
    qtbot.addWidget(connection)
    connection.show()
    test_button = next(b for b in connection.findChildren(QPushButton) if b.text() == "Test")
    qtbot.mouseClick(test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "attempts" in connection.result.text(), timeout=10_000)
    provider = ProviderDialog(app_context.tracker, ProviderSettings(), window)
    qtbot.addWidget(provider)
    provider.show()
    qtbot.mouseClick(provider.test_button, Qt.MouseButton.LeftButton)
    assert provider.note.text() == "❌ WaChap: no instance has both an access token and an instance id."
    # The connection banner, last: the session reconnects by itself a moment later.
    _lose_the_connection(app_context)
    assert "cannot be reached" in window.banner.text()
    english_summary, english_lost = summary.text(), lost.text.text()

    _switch(window, "fr")

    assert window.banner.text().startswith("⚠️ La base est injoignable") and "connexion refusée" in window.banner.text()
    assert "whatsapp_monitoring_attempts" in lost.text.text() and lost.text.text() != english_lost
    assert summary.text() != english_summary and "2" in summary.text()
    assert provider.note.text() == "❌ WaChap\u00a0: aucune instance n'a à la fois un jeton d'accès et un identifiant d'instance."
    assert "tentatives" in connection.result.text()
    assert "lignes" in window.statusBar().currentMessage()
    left = visible_texts.english_left(
        _shown(window, summary, connection, provider), visible_texts.english_sources(), SAME_IN_BOTH, visible_texts.english_templates()
    )
    assert left == []

    _switch(window, "en")

    assert "cannot be reached" in window.banner.text() and "connection refused" in window.banner.text()
    assert summary.text() == english_summary and lost.text.text() == english_lost
    assert provider.note.text() == "❌ WaChap: no instance has both an access token and an instance id."
    assert "rows written to" in window.statusBar().currentMessage()
    french_left = visible_texts.english_left(
        _shown(window, summary, connection, provider), visible_texts.french_translations(), SAME_IN_BOTH, visible_texts.french_templates()
    )
    assert french_left == []
    summary.close()
    provider.reject()
    connection.reject()


def test_a_status_message_is_said_again_only_while_it_shows(english, app_context, qtbot) -> None:
    window = app_context.window
    window.saved_views.save_current_view("Matin")
    assert window.statusBar().currentMessage() == "View “Matin” saved."
    _switch(window, "fr")
    assert window.statusBar().currentMessage().startswith("Vue") and "Matin" in window.statusBar().currentMessage()
    window.statusBar().showMessage("something else")  # another message since: not ours to change
    _switch(window, "en")
    assert window.statusBar().currentMessage() == "something else"
