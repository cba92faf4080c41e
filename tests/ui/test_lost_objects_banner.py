"""The window on a database whose triggers and index the Django app's migration took away (it
rebuilds the attempts table on SQLite): a banner says so, Reinstall asks first and puts them
back off the GUI thread, and a read-only connection explains instead of offering it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import create_engine

from tests.support.django_rebuild import rebuild_like_django
from waadmin.db import lost_objects, search_index, summary
from waadmin.db.database import open_database
from waadmin.db.models import V2Base


@pytest.fixture
def demo_db(demo_db: str) -> str:
    """The demo database after the Django app's migration 0002 rebuilt its attempts table."""
    rebuild_like_django(demo_db)
    return demo_db


def _triggers(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'whatsapp_monitoring_attempts'")}
    engine.dispose()
    return names


def test_the_banner_names_what_was_lost_and_reinstall_puts_it_back(qtbot, app_context, demo_db: str, answers) -> None:
    banner = app_context.window.lost_objects_banner
    qtbot.waitUntil(banner.isVisible, timeout=10_000)
    assert "whatsapp_monitoring_attempts" in banner.text.text()
    assert "stats summary" in banner.text.text() and "waadmin_wm_att_created_id" in banner.text.text()
    assert banner.button.isVisible()
    assert _triggers(demo_db) == set()

    with qtbot.waitSignal(banner.reinstalled, timeout=30_000):
        qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    assert len(answers.questions) == 1 and "Reinstall" in answers.questions[0]
    assert not banner.isVisible()
    assert _triggers(demo_db) == {*summary.trigger_names(app_context.session.database.layout, "sqlite"), *search_index.trigger_names(app_context.session.database.layout)}
    database = open_database(demo_db)
    assert not lost_objects.lost_objects(database)
    database.dispose()


def test_saying_no_changes_nothing(qtbot, app_context, demo_db: str, answers) -> None:
    banner = app_context.window.lost_objects_banner
    qtbot.waitUntil(banner.isVisible, timeout=10_000)
    answers.reply = answers.reply.No
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    assert len(answers.questions) == 1
    assert banner.isVisible() and banner.button.isEnabled()
    assert _triggers(demo_db) == set()


def test_a_read_only_connection_explains_instead_of_offering_reinstall(qtbot, demo_db: str, answers) -> None:
    from waadmin.ui.app import start

    context = start(demo_db, read_only=True)
    qtbot.addWidget(context.window)
    try:
        banner = context.window.lost_objects_banner
        qtbot.waitUntil(banner.isVisible, timeout=10_000)
        assert "read-only" in banner.text.text() and "waadmin doctor --apply" in banner.text.text()
        assert not banner.button.isVisible()
    finally:
        context.window.close()
        context.tracker.wait_idle(20_000)
        context.session.close()


def test_a_django_database_waadmin_never_modified_shows_no_banner(qtbot, tmp_path, answers) -> None:
    from waadmin.ui.app import start

    url = f"sqlite:///{tmp_path / 'django.sqlite3'}"
    engine = create_engine(url)
    V2Base.metadata.create_all(engine)  # the tables as Django's migration leaves them
    engine.dispose()
    context = start(url)
    qtbot.addWidget(context.window)
    try:
        qtbot.waitUntil(lambda: context.session.database is not None, timeout=10_000)
        context.tracker.wait_idle(20_000)  # the check has answered
        assert not context.window.lost_objects_banner.isVisible()
    finally:
        context.window.close()
        context.tracker.wait_idle(20_000)
        context.session.close()
