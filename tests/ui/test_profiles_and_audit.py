"""Profiles, secrets, read-only mode and the audit log, as a user meets them in the window."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt

from tests.support import factories
from tests.ui import helpers
from waadmin.config import paths
from waadmin.config.profiles import DB_PASSWORD, Profile, ProfileStore
from waadmin.providers.sandbox import TOKENS, V4_KEY

SECRETS = [*TOKENS.values(), V4_KEY]


def _fill_profile(dialog, name: str, path: str, sandbox, read_only: bool = False) -> None:
    dialog.new_profile()
    dialog.name.setText(name)
    dialog.kind.setCurrentIndex(dialog.kind.findData("sqlite"))
    dialog.path.setText(path)
    dialog.read_only.setChecked(read_only)
    dialog.provider_kind.setCurrentIndex(dialog.provider_kind.findData("wachap"))
    dialog.wachap_url.setText(sandbox.wachap_url)
    for region, (instance, token) in dialog.instances.items():
        instance.setText(sandbox.settings().instance(region).instance_id)
        token.setText(TOKENS[region])


def test_a_saved_profile_connects_and_sends_through_its_provider(app_context, sandbox, qtbot, tmp_path, demo_db) -> None:
    window = app_context.window
    app_context.session.set_provider_settings(sandbox.settings("wachap").with_overrides(wachap_url="http://127.0.0.1:9/nowhere"))
    dialog = window.connection.manage_profiles()
    path = demo_db.removeprefix("sqlite:///")
    _fill_profile(dialog, "Bamako", path, sandbox)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "WaChap mali" in dialog.result.toPlainText(), timeout=10_000)
    assert "✅" in dialog.result.toPlainText() and "❌" not in dialog.result.toPlainText()
    with qtbot.waitSignal(app_context.session.connected, timeout=10_000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    stored = ProfileStore().book()
    assert stored.get("Bamako").path == path and stored.secret("Bamako", "wachap_mali_access_token") == TOKENS["mali"]
    text = paths.settings_file().read_text()
    assert not any(secret in text for secret in SECRETS)
    attempt_id = factories.due_retry(app_context.session.database, phone_number="+22376009911")
    detail = window.open_detail(attempt_id)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.retry_button.isEnabled(), timeout=5000)
    detail.retry_button.click()
    qtbot.waitUntil(lambda: factories.row(app_context.session.database, attempt_id)["status"] == "sent", timeout=10_000)
    assert any(r.phone == "22376009911" for r in sandbox.sends())


def test_a_read_only_profile_disables_every_change(app_context, sandbox, qtbot, demo_db) -> None:
    window = app_context.window
    dialog = window.connection.manage_profiles()
    _fill_profile(dialog, "Lecture", demo_db.removeprefix("sqlite:///"), sandbox, read_only=True)
    with qtbot.waitSignal(app_context.session.connected, timeout=10_000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert app_context.session.database.read_only
    qtbot.waitUntil(lambda: window.attempts.model.rowCount() > 0, timeout=10_000)
    rows = helpers.rows_where(window.attempts.model, lambda r: r.status == "failed_retry")
    helpers.select_rows(window.attempts.table, rows[:3])
    for action in (window.act_retry_selected, window.act_cancel_selected, window.act_retry_due, window.act_retry_matching, window.act_cancel_matching, window.act_reset_stuck, window.act_cleanup, window.act_redact):
        assert not action.isEnabled(), action.objectName()
    assert window.act_export.isEnabled()
    detail = window.open_detail(window.attempts.model.row_at(rows[0]).id)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5000)
    assert not detail.retry_button.isEnabled() and not detail.cancel_button.isEnabled()
    assert "read-only" in window.db_label.text()


def test_without_a_keyring_the_dialog_says_so(app_context, qtbot) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = app_context.window.connection.manage_profiles()
        qtbot.waitUntil(lambda: dialog.keyring_note.isVisibleTo(dialog), timeout=5000)
        assert "session only" in dialog.keyring_note.text()
        dialog.close()
    finally:
        keyring.set_keyring(previous)


class _FirstReadWaits(keyring.backend.KeyringBackend):
    """A keyring whose first read waits until let go: the profiles dialog's first read of the
    book, still under way when the user has already saved a new profile."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, store: dict) -> None:
        super().__init__()
        self.store = store
        self.go = threading.Event()
        self.first = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        if not self.first.is_set():
            self.first.set()
            self.go.wait(20)
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def test_a_slow_first_read_of_the_profiles_does_not_undo_a_save(app_context, sandbox, qtbot, tmp_path, memory_keyring) -> None:
    ProfileStore().save(Profile("Old", kind="sqlite", path=str(tmp_path / "old.sqlite3")), {DB_PASSWORD: "old secret"})
    slow = _FirstReadWaits(memory_keyring.store)
    previous = keyring.get_keyring()
    keyring.set_keyring(slow)
    try:
        dialog = app_context.window.connection.manage_profiles()
        qtbot.waitUntil(slow.first.is_set, timeout=5000)  # the first read waits in the keyring
        _fill_profile(dialog, "Demo", str(tmp_path / "demo.sqlite3"), sandbox)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Saved." in dialog.result.toPlainText(), timeout=10_000)
        assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["Demo", "Old"]
        slow.go.set()  # the first read comes back now, with the book as it was before the save
        qtbot.waitUntil(lambda: not dialog.tracker.busy, timeout=10_000)  # and is shown, or not
        assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["Demo", "Old"]
        assert dialog.current_name == "Demo" and dialog.name.text() == "Demo"
        dialog.close()
    finally:
        slow.go.set()
        keyring.set_keyring(previous)


def test_the_audit_tab_shows_gui_and_cli_changes(app_context, qtbot, answers) -> None:
    window = app_context.window
    database = app_context.session.database
    factories.due_retry(database, category="audit_gui_case")
    cli_target = factories.due_retry(database)
    window.attempts.filter_bar.search.setText("audit_gui_case")
    qtbot.waitUntil(lambda: window.attempts.model.rowCount() == 1, timeout=5000)
    helpers.click_row(qtbot, window.attempts.table, 0)
    with qtbot.waitSignal(window.batch_finished, timeout=5000):
        window.act_cancel_selected.trigger()
    from waadmin.cli.main import main as cli_main

    assert cli_main(["cancel", "--database", database.engine.url.render_as_string(hide_password=False), "--id", str(cli_target), "--yes"]) == 0
    window.tabs.setCurrentWidget(window.audit_view)
    model = window.audit_view.model
    qtbot.waitUntil(lambda: model.rowCount() >= 2, timeout=5000)
    seen = {(r.action, r.interface) for r in model.rows}
    assert ("cancel", "gui") in seen and ("cancel_matching", "cli") in seen
    window.audit_view.search.setText(str(cli_target))
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.rows[0].interface == "cli", timeout=5000)


def test_no_secret_lands_in_any_file_or_log(app_context, sandbox, qtbot, tmp_path, demo_db, isolated_user_dirs, caplog) -> None:
    """Everything the app writes — settings, profiles, audit files, exports, logs, the CLI's
    output — scanned for the secrets it was given."""
    caplog.set_level(logging.DEBUG)
    window = app_context.window
    dialog = window.connection.manage_profiles()
    _fill_profile(dialog, "Scan", demo_db.removeprefix("sqlite:///"), sandbox)
    dialog.password.setText("never-written-password")
    with qtbot.waitSignal(app_context.session.connected, timeout=10_000):
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    database = app_context.session.database
    secret_text = "Mot de passe: Tz9-SECRET-Pw"
    factories.due_retry(database, message_type="credentials", message_content=secret_text)
    sandbox.script("auth_error", times=2)
    with qtbot.waitSignal(window.batch_finished, timeout=30_000):
        window.act_retry_due.trigger()
    export = tmp_path / "export.csv"
    with qtbot.waitSignal(window.batch_finished, timeout=30_000):
        window.maintenance.start_export(str(export))
    env = {**sandbox.environment("wachap"), "PATH": "/usr/bin:/bin", "HOME": str(isolated_user_dirs), "XDG_CONFIG_HOME": str(isolated_user_dirs / "config"), "XDG_DATA_HOME": str(isolated_user_dirs / "data")}
    cli = subprocess.run([sys.executable, "-m", "waadmin", "--log-level", "DEBUG", "retry", "--database", demo_db, "--verbose", "--json"],
                         env=env, capture_output=True, text=True, timeout=120, cwd=Path(__file__).parents[2])
    window.close()
    app_context.tracker.wait_idle(20_000)
    secrets = [*SECRETS, "never-written-password", secret_text]
    written = [p for base in (isolated_user_dirs, tmp_path) for p in base.rglob("*") if p.is_file() and not p.name.endswith((".sqlite3", "-wal", "-shm"))]
    assert any(p.name == "settings.json" for p in written) and export in written
    for path in written:
        content = path.read_bytes().decode("utf-8", "replace")
        for secret in secrets:
            assert secret not in content, f"{secret!r} found in {path}"
    for text in (cli.stdout, cli.stderr, caplog.text, json.dumps(ProfileStore().get("Scan").provider)):
        for secret in secrets:
            assert secret not in text


@pytest.mark.parametrize("term", ["%", "_", "'; DROP TABLE whatsapp_monitoring_attempts; --"])
def test_hostile_text_in_the_search_box_is_searched_for_as_text(app_context, qtbot, term) -> None:
    window = app_context.window
    odd = factories.attempt(app_context.session.database, title=f"x {term} y")
    window.attempts.filter_bar.search.setText(term)
    model = window.attempts.model
    qtbot.waitUntil(lambda: model.filter.search == term and model.rowCount() >= 1, timeout=5000)
    assert odd in [model.row_at(r).id for r in range(model.rowCount())]
    assert all(term in (model.row_at(r).title or "") + (model.row_at(r).error_message or "") + (model.row_at(r).category or "") + (model.row_at(r).phone_number or "") + (model.row_at(r).provider_message_id or "") + str(model.row_at(r).id) for r in range(model.rowCount()))


def test_a_postgresql_password_is_asked_when_no_keyring_kept_it(app_context, qtbot, monkeypatch, pg_server) -> None:
    from waadmin.config.profiles import Profile
    from waadmin.db.database import open_database

    name = pg_server.create_database()
    open_database(pg_server.url(name), create=True).dispose()
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        ProfileStore().save(Profile(name="pg", kind="postgresql", host="127.0.0.1", port=pg_server.port, database=name, user="postgres", sslmode="disable"))
        asked = []

        def get_text(parent, title, label, echo, *args, **kwargs):
            asked.append(label)
            return "typed-password", True

        from PySide6.QtWidgets import QInputDialog

        monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
        dialog = app_context.window.connection.manage_profiles()
        qtbot.waitUntil(lambda: dialog.current_name == "pg", timeout=5000)  # the profiles come from a task
        with qtbot.waitSignal(app_context.session.connected, timeout=10_000):
            qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        assert asked and "not stored" in asked[0]
        assert app_context.session.database.display_name.endswith(name) or name in app_context.session.database.masked_url
        assert "typed-password" not in app_context.session.database.masked_url
    finally:
        keyring.set_keyring(previous)


def test_an_audit_entry_leads_to_the_attempts_it_changed(app_context, sandbox, qtbot, answers) -> None:
    from PySide6.QtCore import QItemSelectionModel

    window = app_context.window
    with qtbot.waitSignal(window.batch_finished, timeout=60_000) as done:
        window.act_retry_due.trigger()
    report = done.args[0]
    changed = report.changed_ids()
    assert changed
    window.tabs.setCurrentWidget(window.audit_view)
    view = window.audit_view
    qtbot.waitUntil(lambda: any(r.action == "retry_run" for r in view.model.rows), timeout=10_000)
    row = next(i for i, r in enumerate(view.model.rows) if r.action == "retry_run")
    assert not view.show_button.isEnabled()
    view.table.selectionModel().select(view.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    assert view.show_button.isEnabled()
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.attempts
    model = window.attempts.model

    def shown() -> set[int]:
        return {model.row_at(r).id for r in range(model.rowCount())}

    # The count and the rows arrive in two answers: wait for the rows themselves.
    qtbot.waitUntil(lambda: shown() == set(changed), timeout=15_000)
    qtbot.waitUntil(lambda: model.count is not None and model.count.value == len(changed), timeout=10_000)
