"""French and English, switched live: View → Language relabels every open window, dialog and
list at once; nothing is left in English in French; toolbar and status column fit both."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMenu, QToolButton

from tests.ui import visible_texts
from waadmin.domain import audit_actions, error_codes, message_types, priorities, statuses, webhook_words
from waadmin.ui import i18n, labels
from waadmin.ui import settings as ui_settings
from waadmin.ui.columns import INDEX

# Texts that are the same in both languages or are data, never a translation left out.
SAME_IN_BOTH = {"OK", "WaChap", "Audit", "Webhooks", "Notification", "Marketing", "Urgent", "Type", "Message", "Actions", "Source", "Pause", "Export CSV"}


@pytest.fixture
def english(qapp):
    prefs = ui_settings.load_preferences()
    prefs.language = "en"
    ui_settings.save_preferences(prefs)
    i18n.install(qapp, "en")
    yield
    i18n.install(qapp, "en")


def _language_action(window, key: str):
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() in ("Language", "Langue"))
    return next(a for a in menu.actions() if a.objectName() == f"language_{key}")


def _everything(context, qtbot, extra=()):
    window = context.window
    texts = list(visible_texts.widget_texts(window))
    for menu in window.menuBar().findChildren(QMenu):
        texts += list(visible_texts.menu_texts(menu))
    texts += list(visible_texts.menu_texts(window.tray.menu, "tray menu"))
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not context.tracker.busy, timeout=20_000)
        texts += list(visible_texts.widget_texts(window.tabs.currentWidget()))
    for widget in extra:
        texts += list(visible_texts.widget_texts(widget, visible_only=False))
    return texts


def test_view_language_switches_every_open_window_both_ways_without_restart(english, app_context, qtbot) -> None:
    window = app_context.window
    model = window.attempts.model
    detail = window.open_detail(model.row_at(0).id)
    qtbot.waitUntil(lambda: detail.tabs.tabText(0) == "Timeline" and not app_context.tracker.busy, timeout=10_000)
    window.tabs.setCurrentWidget(window.dashboard)
    qtbot.waitUntil(lambda: window.dashboard.settled and not app_context.tracker.busy, timeout=20_000)
    from waadmin.ui.dialogs.cleanup_dialog import CleanupDialog

    cleanup = CleanupDialog(app_context.tracker, app_context.session.database, 10, window)
    qtbot.addWidget(cleanup)
    cleanup.show()
    qtbot.waitUntil(lambda: cleanup.delete_button.isEnabled() and not app_context.tracker.busy, timeout=10_000)
    english_title, english_status = cleanup.windowTitle(), model.data(model.index(0, INDEX["status"]))
    english_delete = cleanup.delete_button.text()

    _language_action(window, "fr").trigger()

    assert ui_settings.load_preferences().language == "fr"  # the choice is kept
    tray_texts = [a.text() for a in window.tray.menu.actions() if not a.isSeparator()]
    assert "Quitter" in tray_texts and "Quit" not in tray_texts
    assert window.act_retry_due.text() == "Réessayer tout ce qui est dû"
    assert window.tabs.tabText(1) == "Tableau de bord"
    assert detail.tabs.tabText(0) == "Chronologie"
    volume = next(c for c in window.dashboard.charts if c.objectName() == "volumeChart")
    assert "Réussies" in [label.text for _sample, label in volume.legend.items]  # drawn in the plot, not a widget
    assert detail.fields.labelForField(detail.field_labels["phone"]).text() == "Téléphone\u00a0:"
    assert cleanup.windowTitle() != english_title
    assert cleanup.delete_button.text().startswith("Supprimer") and cleanup.days.suffix() == " jours"
    assert model.data(model.index(0, INDEX["status"])) != english_status
    qtbot.waitUntil(lambda: not app_context.tracker.busy, timeout=20_000)
    left = visible_texts.english_left(
        [*visible_texts.widget_texts(window), *visible_texts.widget_texts(detail), *visible_texts.widget_texts(cleanup)],
        visible_texts.english_sources(),
        SAME_IN_BOTH,
        visible_texts.english_templates(),
    )
    assert left == []

    _language_action(window, "en").trigger()

    assert window.act_retry_due.text() == "Retry all due"
    assert window.tabs.tabText(1) == "Dashboard"
    assert detail.tabs.tabText(0) == "Timeline"
    assert "Succeeded" in [label.text for _sample, label in volume.legend.items]
    assert detail.fields.labelForField(detail.field_labels["phone"]).text() == "Phone:"
    assert cleanup.windowTitle() == english_title
    assert cleanup.delete_button.text() == english_delete
    assert model.data(model.index(0, INDEX["status"])) == english_status
    assert ui_settings.load_preferences().language == "en"
    assert "Quit" in [a.text() for a in window.tray.menu.actions()]
    qtbot.waitUntil(lambda: not app_context.tracker.busy, timeout=20_000)
    french_left = visible_texts.english_left(
        [*visible_texts.widget_texts(window), *visible_texts.widget_texts(detail), *visible_texts.widget_texts(cleanup)],
        visible_texts.french_translations(),
        SAME_IN_BOTH,
        visible_texts.french_templates(),
    )
    assert french_left == []


def test_the_welcome_panel_is_all_french_and_switches_back(english, qtbot, answers) -> None:
    from waadmin.ui.app import start

    prefs = ui_settings.load_preferences()
    prefs.language = "fr"
    ui_settings.save_preferences(prefs)
    i18n.install(QApplication.instance(), "fr")
    context = start(None)  # nothing configured: the empty embedded database and its welcome panel
    qtbot.addWidget(context.window)
    try:
        qtbot.waitUntil(lambda: context.session.database is not None and not context.tracker.busy, timeout=10_000)
        welcome = context.window.welcome
        assert welcome is not None and welcome.demo_button.text() == "Charger des données de démonstration"
        left = visible_texts.english_left(visible_texts.widget_texts(welcome), visible_texts.english_sources(), SAME_IN_BOTH, visible_texts.english_templates())
        assert left == []
        _language_action(context.window, "en").trigger()
        assert welcome.demo_button.text() == "Load demo data"
        assert welcome.demo_button.description().startswith("A month of realistic attempts")
    finally:
        context.window.close()
        context.tracker.wait_idle(20_000)
        context.session.close()


def test_nothing_is_left_in_english_in_french(english, app_context, qtbot) -> None:
    window = app_context.window
    _language_action(window, "fr").trigger()
    detail = window.open_detail(window.attempts.model.row_at(0).id)
    qtbot.waitUntil(lambda: not app_context.tracker.busy and detail.field_labels["phone"].text() != "", timeout=10_000)
    from waadmin.ui.dialogs.cleanup_dialog import CleanupDialog
    from waadmin.ui.worker.settings_dialog import WorkerSettingsDialog

    cleanup = CleanupDialog(app_context.tracker, app_context.session.database, 10, window)
    qtbot.addWidget(cleanup)
    provider = window.connection.configure_provider()
    worker_settings = WorkerSettingsDialog(window.worker.settings, window)
    qtbot.addWidget(worker_settings)
    from waadmin.config.profiles import ProfileStore
    from waadmin.ui.dialogs.connection_dialog import ConnectionDialog
    from waadmin.ui.dialogs.profiles_dialog import ProfilesDialog
    from waadmin.ui.dialogs.redact_dialog import RedactDialog
    from waadmin.ui.dialogs.thresholds_dialog import ThresholdsDialog

    others = [
        ConnectionDialog(app_context.tracker, app_context.session.database, window),
        ProfilesDialog(app_context.tracker, ProfileStore(app_context.session.settings), parent=window),
        RedactDialog(app_context.tracker, app_context.session.database, 24, window),
        ThresholdsDialog(window.prefs, window),
    ]
    for dialog in others:
        qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not app_context.tracker.busy, timeout=10_000)
    assert detail.fields.labelForField(detail.field_labels["phone"]).text() == "Téléphone\u00a0:"
    from tools import screenshots

    screenshots._audit_entries(app_context)  # the Audit tab with entries of each kind
    texts = _everything(app_context, qtbot, extra=(detail, cleanup, provider, worker_settings, *others))
    assert any(text == "Passe de renvoi" for _where, text in texts), "the audit entries were not listed"
    # The context menus: a row's and the list header's.
    attempts = window.attempts
    texts += list(visible_texts.menu_texts(attempts.build_row_menu(attempts.model.index(0, 0)), "row menu"))
    header = attempts.header
    header._menu(header.rect().center())
    texts += list(visible_texts.menu_texts(header.last_menu, "header menu"))
    header.last_menu.close()
    left = visible_texts.english_left(texts, visible_texts.english_sources(), SAME_IN_BOTH, visible_texts.english_templates())
    assert left == [], "\n".join(sorted({line.split(" row ")[0] + ": " + line.split(": ", 1)[-1] for line in left}))
    # Codes are labelled, not shown raw: a status, an error code or an audit action.
    shown = {text for _where, text in texts}
    raw = {"failed_retry", "retry_run", "timeout", "invalid_number", "context_data", "provider_response", "delivery"}
    assert not shown & raw, [(where, text) for where, text in texts if text in raw][:10]

    # And back: everything that was open, in English again, with no French left.
    _language_action(window, "en").trigger()
    qtbot.waitUntil(lambda: not app_context.tracker.busy, timeout=20_000)
    texts = _everything(app_context, qtbot, extra=(detail, cleanup, provider, worker_settings, *others))
    french_left = visible_texts.english_left(texts, visible_texts.french_translations(), SAME_IN_BOTH, visible_texts.french_templates())
    assert french_left == [], "\n".join(sorted({line.split(" row ")[0] + ": " + line.split(": ", 1)[-1] for line in french_left}))
    provider.reject()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("width", [1280, 1440])
def test_no_toolbar_command_hides_behind_the_overflow(english, app_context, qtbot, language, width) -> None:
    window = app_context.window
    window.show()
    i18n.switch(QApplication.instance(), language)
    window.resize(width, 900 if width == 1440 else 800)
    qtbot.waitUntil(lambda: window.width() == width, timeout=5_000)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= width  # no tab or bar forces the window wider
    extension = window.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()
    for action in window.toolbar.actions():
        button = window.toolbar.widgetForAction(action)
        if button is not None and not action.isSeparator() and action.isVisible():
            assert button.isVisible(), action.text()
    if width == 1440:
        # The two most used commands keep their names beside their icons at 1440 px.
        assert window.toolbar.widgetForAction(window.act_retry_due).toolButtonStyle().name == "ToolButtonTextBesideIcon"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_status_column_fits_the_longest_status(english, app_context, qtbot, language) -> None:
    window = app_context.window
    i18n.switch(QApplication.instance(), language)
    header = window.attempts.header
    metrics = header.fontMetrics()
    longest = max(metrics.horizontalAdvance(labels.status(s)) for s in statuses.ALL)
    assert header.sectionSize(INDEX["status"]) >= longest + 16


def test_every_domain_code_has_a_label() -> None:
    assert set(labels.STATUSES) == set(statuses.ALL)
    assert set(labels.MESSAGE_TYPES) == set(message_types.KNOWN)
    assert set(labels.PRIORITIES) == set(priorities.ALL)
    assert set(labels.ERROR_CODES) == {c.value for c in error_codes.ErrorCode}
    assert set(labels.AUDIT_ACTIONS) == set(audit_actions.KNOWN)
    assert set(labels.AUDIT_RESULTS) == set(audit_actions.RESULTS)
    assert set(labels.WEBHOOK_TYPES) == set(webhook_words.TYPES)
    assert set(labels.WEBHOOK_STATUSES) == set(webhook_words.STATUSES)


def test_french_labels_and_relative_times(english, qapp) -> None:
    from datetime import UTC, datetime, timedelta

    from waadmin.ui import timefmt

    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    i18n.install(qapp, "fr")
    assert labels.status("failed_retry") == "Échec, nouvel essai prévu"
    assert labels.audit_action("retry_run") == "Passe de renvoi"
    assert labels.audit_target("background worker") == "worker en arrière-plan"
    assert labels.audit_target("all sending rows older than 0:10:00") == "tout envoi bloqué depuis plus de 10 min"
    assert labels.audit_target("5000 demo attempts") == "5\u202f000 tentatives de démonstration"
    assert timefmt.relative(now + timedelta(minutes=12), now) == "dans 12 min"
    assert timefmt.relative(now - timedelta(hours=2), now) == "il y a 2 h"
    assert timefmt.relative(now - timedelta(days=1, hours=23), now) == "il y a 47 h"
    assert timefmt.relative(now + timedelta(days=3), now) == "dans 3 jours"
    i18n.install(qapp, "en")
    assert timefmt.relative(now + timedelta(days=3), now) == "in 3 days"
    assert labels.audit_target("1 demo attempts") == "1 demo attempt"


def test_the_switch_table_swaps_each_text_once_and_leaves_ambiguous_ones_to_their_widgets() -> None:
    from waadmin.ui import retranslate

    to_french, to_english = retranslate.table("en", "fr"), retranslate.table("fr", "en")
    assert to_french["Retry all due"] == "Réessayer tout ce qui est dû"
    assert to_english["Réessayer tout ce qui est dû"] == "Retry all due"
    # Two English texts share this French: the key figures set it again from their source.
    assert "Échecs définitifs" not in to_english
    assert retranslate.table("fr", "fr") == {}
