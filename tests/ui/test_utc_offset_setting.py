"""View → Time zone → Always show the UTC offset: every time in the window carries its offset,
the choice is saved and comes back at the next start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from waadmin.ui import settings as ui_settings
from waadmin.ui import timefmt
from waadmin.ui.columns import INDEX


def test_always_show_the_utc_offset_from_the_view_menu_and_at_the_next_start(qtbot, demo_db, sandbox, answers, monkeypatch) -> None:
    from waadmin.ui.app import start

    monkeypatch.setattr(timefmt, "_always_offset", False)  # whatever the test leaves, the next ones start without
    first = start(demo_db)
    window = first.window
    qtbot.addWidget(window)
    model = window.attempts.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    window.display.set_time_zone("utc")
    created = lambda: model.data(model.index(0, INDEX["created"]), Qt.ItemDataRole.DisplayRole)  # noqa: E731
    plain = created()
    assert plain == model.row_at(0).created_at.strftime("%Y-%m-%d %H:%M")

    action = window.findChild(QAction, "alwaysUtcOffset")
    assert action is not None and action.isCheckable() and not action.isChecked()
    assert any(action in entry.menu().actions() for entry in window.view_menu.actions() if entry.menu())  # View → Time zone
    action.trigger()
    assert created() == plain + " +00:00"
    window.display.set_time_zone("bamako")
    assert created() == plain + " +00:00"
    assert ui_settings.load_preferences().always_utc_offset is True
    first.window.close()
    first.tracker.wait_idle(20_000)
    first.session.close()

    timefmt.set_always_offset(False)
    second = start(demo_db)
    qtbot.addWidget(second.window)
    qtbot.waitUntil(lambda: second.window.attempts.model.rowCount() > 0, timeout=10_000)
    assert second.window.findChild(QAction, "alwaysUtcOffset").isChecked() and timefmt.always_offset()
    second_model = second.window.attempts.model
    assert second_model.data(second_model.index(0, INDEX["created"]), Qt.ItemDataRole.DisplayRole).endswith(" +00:00")
    second.window.findChild(QAction, "alwaysUtcOffset").trigger()  # off again: the short form
    assert not second_model.data(second_model.index(0, INDEX["created"]), Qt.ItemDataRole.DisplayRole).endswith("+00:00")
    assert ui_settings.load_preferences().always_utc_offset is False
    second.window.close()
    second.tracker.wait_idle(20_000)
    second.session.close()
