"""Saved connections: add, edit, test and choose a database with its provider settings.
Passwords and tokens go to the system keyring; the dialog says so when there is none. The
profiles are read and written by background tasks (the keyring may block on D-Bus or a locked
wallet); the dialog works on the last book of profiles they brought."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from waadmin.config.profiles import DB_PASSWORD, KINDS, PROVIDER_SECRETS, SSL_MODES, Profile, ProfileBook, ProfileStore
from waadmin.db import listing
from waadmin.db.database import open_database
from waadmin.providers.base import CheckResult
from waadmin.providers.factory import ProviderUnavailable, build_provider
from waadmin.providers.settings import REGIONS, ProviderSettings
from waadmin.ui import engine_text, retranslate
from waadmin.ui.tasks import TaskTracker, user_message

PROVIDER_KINDS = ("", "auto", "wachap", "wachap_v4", "meta")  # "" = the environment's configuration


@dataclass(frozen=True)
class Probed:
    """What Test found, put into words on the GUI thread (probe_text) in the language of the
    moment: said again if the language changes while the dialog is open."""

    description: str
    attempts: int
    has_users: bool
    read_only: bool
    provider_problem: str = ""
    checks: tuple[CheckResult, ...] = ()


def probe(url: str | None, read_only: bool, provider: ProviderSettings | None) -> Probed:
    """What Test reports: the database found and, if set, each provider route's answer."""
    database = open_database(url, read_only=True, create=False if url else None)
    try:
        count = listing.count_attempts(database, exact=False)
        found = Probed(database.describe(), count.value, database.has_users, read_only)
    finally:
        database.dispose()
    if provider is not None:
        try:
            built = build_provider(provider)
        except ProviderUnavailable as exc:
            return replace(found, provider_problem=str(exc))
        try:
            return replace(found, checks=tuple(built.check()))
        finally:
            built.close()
    return found


def probe_text(found: Probed) -> str:
    tr = functools.partial(QCoreApplication.translate, "ProfilesDialog")
    users = tr("yes") if found.has_users else tr("no")
    line = tr("≈ {n} attempts · user table: {users}").format(n=QLocale().toString(found.attempts), users=users)
    read_only_note = " · " + tr("read-only profile") if found.read_only else ""
    lines = [f"✅ {found.description} · {line}{read_only_note}"]
    if found.provider_problem:
        lines.append("❌ " + tr("provider: {problem}").format(problem=engine_text.translate(found.provider_problem)))
    lines += [f"{'✅' if r.ok else '❌'} {r.target}: {engine_text.translate(r.message)}" for r in found.checks]
    return "\n".join(lines)


def _save_and_read(store: ProfileStore, profile: Profile, secrets: dict[str, str], previous_name: str | None) -> tuple[list[str], ProfileBook]:
    notes = store.save(profile, secrets, previous_name=previous_name)
    return notes, store.book()


def _delete_and_read(store: ProfileStore, name: str) -> ProfileBook:
    store.delete(name)
    return store.book()


class ProfilesDialog(QDialog):
    chosen = Signal(object, object, object)  # (url or None, Profile, its ProviderSettings or None)
    book_loaded = Signal()  # a task brought the profiles (after opening, saving, deleting)

    def __init__(self, tracker: TaskTracker, store: ProfileStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profilesDialog")
        self.setWindowTitle(self.tr("Connection profiles"))
        self.tracker = tracker
        self.store = store
        self.book = ProfileBook()
        self.current_name: str | None = None
        self._user_chose = False  # the first book must not replace a profile being typed in
        # Each read of the book gets a ticket: a book read before the one on show is older than it
        # (the first read, slow to come, after a save has shown the saved profile) and is dropped.
        self._tickets = 0
        self._shown_ticket = 0
        self._build()
        self._start_new()
        self._reload_list()
        self.resize(900, 640)

    # -- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        self.list = QListWidget()
        self.list.setObjectName("profileList")
        self.list.currentTextChanged.connect(self._show_profile)
        new_button = QPushButton(self.tr("New"))
        new_button.setObjectName("profileNew")
        new_button.clicked.connect(self.new_profile)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("profileDelete")
        self.delete_button.clicked.connect(self.delete_profile)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(new_button)
        row.addWidget(self.delete_button)
        left.addLayout(row)

        self.name = QLineEdit()
        self.name.setObjectName("profileName")
        self.kind = QComboBox()
        self.kind.setObjectName("profileKind")
        for key, label in zip(KINDS, (self.tr("Embedded database"), self.tr("SQLite file"), self.tr("PostgreSQL server")), strict=True):
            self.kind.addItem(label, key)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.path = QLineEdit()
        self.path.setObjectName("profilePath")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.host = QLineEdit()
        self.host.setObjectName("profileHost")
        self.port = QSpinBox()
        self.port.setObjectName("profilePort")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit()
        self.database.setObjectName("profileDatabase")
        self.user = QLineEdit()
        self.user.setObjectName("profileUser")
        self.password = QLineEdit()
        self.password.setObjectName("profilePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sslmode = QComboBox()
        self.sslmode.setObjectName("profileSslMode")
        self.sslmode.addItems(list(SSL_MODES))
        self.sslmode.setCurrentText("prefer")
        self.read_only = QCheckBox(self.tr("Read-only: no change to the data is possible"))
        self.read_only.setObjectName("profileReadOnly")
        database_form = QFormLayout()
        database_form.addRow(self.tr("Name:"), self.name)
        database_form.addRow(self.tr("Database:"), self.kind)
        database_form.addRow(self.tr("SQLite file:"), path_row)
        database_form.addRow(self.tr("Host:"), self.host)
        database_form.addRow(self.tr("Port:"), self.port)
        database_form.addRow(self.tr("Database name:"), self.database)
        database_form.addRow(self.tr("User:"), self.user)
        database_form.addRow(self.tr("Password:"), self.password)
        database_form.addRow(self.tr("SSL mode:"), self.sslmode)
        database_form.addRow("", self.read_only)
        self._database_form = database_form

        provider_box = QGroupBox(self.tr("Provider (empty: the environment's WACHAP_* variables)"))
        self.provider_kind = QComboBox()
        self.provider_kind.setObjectName("providerKind")
        for key, label in zip(PROVIDER_KINDS, (self.tr("From the environment"), self.tr("Automatic"), "WaChap", "WaChap V4", "Meta Cloud API"), strict=True):
            self.provider_kind.addItem(label, key)
        self.wachap_url = QLineEdit()
        self.wachap_url.setObjectName("wachapUrl")
        self.instances: dict[str, tuple[QLineEdit, QLineEdit]] = {}
        provider_form = QFormLayout(provider_box)
        provider_form.addRow(self.tr("Provider:"), self.provider_kind)
        provider_form.addRow(self.tr("WaChap address:"), self.wachap_url)
        for region in REGIONS:
            instance = QLineEdit()
            instance.setObjectName(f"instance_{region}")
            token = QLineEdit()
            token.setObjectName(f"token_{region}")
            token.setEchoMode(QLineEdit.EchoMode.Password)
            token.setPlaceholderText(self.tr("access token (kept in the keyring)"))
            row = QHBoxLayout()
            row.addWidget(instance, 1)
            row.addWidget(token, 2)
            provider_form.addRow(retranslate.label(lambda region=region: self.tr("Instance {region}:").format(region=region)), row)
            self.instances[region] = (instance, token)
        self.v4_url = QLineEdit()
        self.v4_key = QLineEdit()
        self.v4_key.setObjectName("v4Key")
        self.v4_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.v4_accounts = QLineEdit()
        self.v4_accounts.setObjectName("v4Accounts")
        self.v4_accounts.setPlaceholderText('{"mali": "acc_…", "chine": "acc_…"}')
        self.meta_url = QLineEdit()
        self.meta_token = QLineEdit()
        self.meta_token.setObjectName("metaToken")
        self.meta_token.setEchoMode(QLineEdit.EchoMode.Password)
        self.meta_numbers = QLineEdit()
        self.meta_numbers.setPlaceholderText('{"default": "1234567890"}')
        provider_form.addRow(self.tr("WaChap V4 address:"), self.v4_url)
        provider_form.addRow(self.tr("WaChap V4 key:"), self.v4_key)
        provider_form.addRow(self.tr("WaChap V4 accounts:"), self.v4_accounts)
        provider_form.addRow(self.tr("Meta address:"), self.meta_url)
        provider_form.addRow(self.tr("Meta token:"), self.meta_token)
        provider_form.addRow(self.tr("Meta phone-number ids:"), self.meta_numbers)

        self.keyring_note = QLabel()
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setVisible(False)  # until the first book says whether there is a keyring
        self.result = QPlainTextEdit()
        self.result.setObjectName("profileTestResult")
        self.result.setReadOnly(True)
        self.result.setMaximumHeight(110)

        self.test_button = QPushButton(self.tr("Test"))
        self.test_button.setObjectName("profileTest")
        self.test_button.clicked.connect(self.test)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("profileSave")
        self.save_button.clicked.connect(self.save)
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.setObjectName("profileConnect")
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.connect_profile)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.connect_button)
        buttons.addWidget(close)

        right = QVBoxLayout()
        right.addLayout(database_form)
        right.addWidget(provider_box)
        right.addWidget(self.keyring_note)
        right.addWidget(self.result)
        right.addLayout(buttons)
        top = QHBoxLayout(self)
        top.addLayout(left, 1)
        top.addLayout(right, 3)
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        for widget in (self.host, self.port, self.database, self.user, self.password, self.sslmode):
            widget.setEnabled(kind == "postgresql")
        self.path.setEnabled(kind == "sqlite")

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("SQLite database"), self.path.text(), self.tr("SQLite databases (*.sqlite3 *.sqlite *.db);;All files (*)"))
        if path:
            self.path.setText(path)

    # -- list ------------------------------------------------------------------------------------
    def _reload_list(self, select: str | None = None) -> None:
        """Reads the profiles in the background, then shows them (``select`` chosen)."""
        if select is not None:
            self._user_chose = True
        ticket = self._ticket()
        self.tracker.run(self.store.book, on_result=lambda book: self._show_book(book, select, ticket), on_error=self._failed)

    def _ticket(self) -> int:
        self._tickets += 1
        return self._tickets

    def _failed(self, error: BaseException) -> None:
        retranslate.set_plain_text(self.result, lambda: "❌ " + user_message(error))
        self._set_busy(False)

    def _show_book(self, book: ProfileBook, select: str | None = None, ticket: int = 0) -> None:
        if ticket and ticket < self._shown_ticket:
            return
        self._shown_ticket = max(self._shown_ticket, ticket)
        self.book = book
        if book.problem:
            retranslate.set_text(
                self.keyring_note,
                lambda: "⚠️ " + self.tr("No keyring: {why}. Passwords and tokens are kept for this session only and asked again next time.").format(why=book.problem),
            )
        self.keyring_note.setVisible(bool(book.problem))
        self.list.blockSignals(True)
        self.list.clear()
        for profile in book.profiles:
            self.list.addItem(profile.name)
        self.list.blockSignals(False)
        names = [p.name for p in book.profiles]
        if select is None and self._user_chose:
            # The user began a new profile (or picked one) before the profiles came: keep it.
            if self.current_name in names:
                self.list.setCurrentRow(names.index(self.current_name))
        else:
            target = select if select in names else (names[0] if names else None)
            if target is None:
                self._start_new()
            else:
                self.list.setCurrentRow(names.index(target))
                self._show_profile(target)
        self.book_loaded.emit()

    def new_profile(self) -> None:
        self._user_chose = True
        self._start_new()

    def _start_new(self) -> None:
        self.list.clearSelection()
        self.current_name = None
        self._fill(Profile(name=""), {})
        self.name.setFocus()

    def _show_profile(self, name: str) -> None:
        profile = self.book.get(name) if name else None
        if profile is None:
            return
        self.current_name = profile.name
        self._fill(profile, {})

    def _fill(self, profile: Profile, secrets: dict[str, str]) -> None:
        self.name.setText(profile.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(profile.kind)))
        self.path.setText(profile.path)
        self.host.setText(profile.host)
        self.port.setValue(int(profile.port))
        self.database.setText(profile.database)
        self.user.setText(profile.user)
        self.password.clear()
        stored = bool(profile.name and self.book.secret(profile.name, DB_PASSWORD))
        self.password.setPlaceholderText(self.tr("stored in the keyring — leave empty to keep it") if stored else "")
        self.sslmode.setCurrentText(profile.sslmode)
        self.read_only.setChecked(profile.read_only)
        p = profile.provider
        self.provider_kind.setCurrentIndex(max(0, self.provider_kind.findData(p.get("kind", "") if p else "")))
        self.wachap_url.setText(str(p.get("wachap_url", "")))
        for region, (instance, token) in self.instances.items():
            instance.setText(str(p.get(f"wachap_{region}_instance_id", "")))
            token.clear()
        self.v4_url.setText(str(p.get("v4_url", "")))
        self.v4_key.clear()
        self.v4_accounts.setText(json.dumps(p["v4_accounts"]) if p.get("v4_accounts") else "")
        self.meta_url.setText(str(p.get("meta_url", "")))
        self.meta_token.clear()
        self.meta_numbers.setText(json.dumps(p["meta_phone_number_ids"]) if p.get("meta_phone_number_ids") else "")
        self.result.clear()
        self._kind_changed()

    # -- reading the form -----------------------------------------------------------------------
    def _json_field(self, widget: QLineEdit, label: str) -> dict[str, str]:
        text = widget.text().strip()
        if not text:
            return {}
        try:
            data = json.loads(text)
        except ValueError:
            raise ValueError(self.tr("{field} is not valid JSON, e.g. {{\"mali\": \"acc_1\"}}").format(field=label)) from None
        if not isinstance(data, dict):
            raise ValueError(self.tr("{field} must map a region to an id").format(field=label))
        return {str(k): str(v) for k, v in data.items()}

    def form(self) -> tuple[Profile, dict[str, str]]:
        """The profile and the secrets typed in (empty ones keep what is stored)."""
        provider: dict[str, Any] = {}
        kind = self.provider_kind.currentData()
        if kind:
            provider["kind"] = kind
            for key, widget in (("wachap_url", self.wachap_url), ("v4_url", self.v4_url), ("meta_url", self.meta_url)):
                if widget.text().strip():
                    provider[key] = widget.text().strip()
            for region, (instance, _token) in self.instances.items():
                if instance.text().strip():
                    provider[f"wachap_{region}_instance_id"] = instance.text().strip()
            accounts = self._json_field(self.v4_accounts, self.tr("WaChap V4 accounts"))
            if accounts:
                provider["v4_accounts"] = accounts
            numbers = self._json_field(self.meta_numbers, self.tr("Meta phone-number ids"))
            if numbers:
                provider["meta_phone_number_ids"] = numbers
        profile = Profile(
            name=self.name.text().strip(), kind=self.kind.currentData(), path=self.path.text().strip(), host=self.host.text().strip(),
            port=self.port.value(), database=self.database.text().strip(), user=self.user.text().strip(),
            sslmode=self.sslmode.currentText(), read_only=self.read_only.isChecked(), provider=provider,
        )
        secrets = {DB_PASSWORD: self.password.text()}
        for region, (_instance, token) in self.instances.items():
            secrets[f"wachap_{region}_access_token"] = token.text()
        secrets["v4_secret_key"] = self.v4_key.text()
        secrets["meta_token"] = self.meta_token.text()
        return profile, {k: v for k, v in secrets.items() if v}

    # -- actions ---------------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        for button in (self.save_button, self.connect_button, self.delete_button):
            button.setEnabled(not busy)

    def save(self, *, then_connect: bool = False) -> None:
        """Saves in the background; the list shows the result (and Connect goes on from there)."""
        try:
            profile, secrets = self.form()
            problems = profile.problems()
            if problems:
                raise ValueError(" ".join(problems))
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("Profile not saved"), str(exc))
            return
        self._set_busy(True)
        self.result.setPlainText(self.tr("Saving…"))
        ticket = self._ticket()

        def saved(result: tuple[list[str], ProfileBook]) -> None:
            notes, book = result
            self._set_busy(False)
            self.current_name = profile.name
            self._user_chose = True
            self._show_book(book, profile.name, ticket)
            retranslate.set_plain_text(self.result, lambda: "\n".join([self.tr("Saved."), *(engine_text.translate(n) for n in notes)]))
            if then_connect:
                self._open(profile, book)

        self.tracker.run(_save_and_read, self.store, profile, secrets, self.current_name, on_result=saved, on_error=self._failed)

    def test(self) -> None:
        try:
            profile, secrets = self.form()
        except ValueError as exc:
            retranslate.set_plain_text(self.result, lambda exc=exc: "❌ " + engine_text.translate(str(exc)))
            return
        stored = self.book.secret
        password = secrets.get(DB_PASSWORD) or (stored(self.current_name, DB_PASSWORD) if self.current_name else "")
        provider = None
        if profile.provider:
            values = dict(profile.provider)
            for key in PROVIDER_SECRETS:
                values[key] = secrets.get(key) or (stored(self.current_name, key) if self.current_name else "")
            provider = ProviderSettings.from_dict(values)
        self.result.setPlainText(self.tr("Testing…"))
        self.test_button.setEnabled(False)

        def done(found: Probed) -> None:
            self.test_button.setEnabled(True)
            retranslate.set_plain_text(self.result, lambda: probe_text(found))

        def failed(error: BaseException) -> None:
            self.test_button.setEnabled(True)
            retranslate.set_plain_text(self.result, lambda: "❌ " + user_message(error))

        self.tracker.run(probe, profile.url(password), profile.read_only, provider, on_result=done, on_error=failed)

    def connect_profile(self) -> None:
        self.save(then_connect=True)

    def _open(self, profile: Profile, book: ProfileBook) -> None:
        url = book.database_url(profile)
        if book.missing_secrets(profile):
            password = self._ask_password(profile, book.problem)
            if password is None:
                return
            url = profile.url(password)
        self.tracker.run(self.store.set_last_used, profile.name)
        self.chosen.emit(url, profile, book.provider_settings(profile))
        self.accept()

    def _ask_password(self, profile: Profile, problem: str) -> str | None:
        """No keyring kept it: ask for this session, and say why."""
        why = problem or self.tr("it was never saved")
        text, ok = QInputDialog.getText(
            self, self.tr("Password"),
            self.tr("Password for {target} (not stored: {why}):").format(target=profile.shown_url(), why=why),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return None
        self.store.remember_for_session(profile.name, DB_PASSWORD, text)
        return text

    def delete_profile(self) -> None:
        if not self.current_name:
            return
        answer = QMessageBox.question(self, self.tr("Delete profile"), self.tr("Delete the profile {name} and its stored passwords?").format(name=self.current_name))
        if answer == QMessageBox.StandardButton.Yes:
            name, self.current_name = self.current_name, None
            self._user_chose = False
            self._set_busy(True)
            ticket = self._ticket()

            def deleted(book: ProfileBook) -> None:
                self._set_busy(False)
                self._show_book(book, None, ticket)

            self.tracker.run(_delete_and_read, self.store, name, on_result=deleted, on_error=self._failed)
