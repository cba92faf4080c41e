"""The window's side of the connection: choosing a database or a profile, the provider settings,
and what the window says when opening fails, a file is missing, or the database is lost and
found again (the banner and the status bar's database label). The session does the work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from waadmin.config.profiles import Profile, ProfileStore
from waadmin.db.database import Database
from waadmin.providers.settings import ProviderSettings
from waadmin.ui import engine_text, retranslate
from waadmin.ui.connection_banner import ConnectionBanner
from waadmin.ui.dialogs.connection_dialog import ConnectionDialog
from waadmin.ui.dialogs.profiles_dialog import ProfilesDialog
from waadmin.ui.dialogs.provider_dialog import ProviderDialog
from waadmin.ui.session import ConnectRequest, Session
from waadmin.ui.tasks import TaskTracker


class ConnectionController(QObject):
    opened = Signal(object)  # Database: every view shows it
    usable_changed = Signal()  # lost or back: what the commands allow changes
    restored = Signal()  # back after a loss: the window refreshes
    provider_saved = Signal(list)  # the warnings about the provider settings just saved

    def __init__(self, session: Session, tracker: TaskTracker, banner: ConnectionBanner, parent: QWidget, *, show_status: Callable[[retranslate.TextBuilder | str, int], None]) -> None:
        super().__init__(parent)
        self.session = session
        self.tracker = tracker
        self.banner = banner
        self.parent_widget = parent
        self.show_status = show_status
        self.provider_dialog: ProviderDialog | None = None
        self.label = QLabel(self.tr("Not connected"))  # the status bar's database
        self.label.setObjectName("statusDatabase")

    def follow_session(self) -> None:
        """Listen to the session from now on. The window calls it once its other listeners (the
        worker's) are connected: they hear of a new database first, as they always have."""
        session = self.session
        session.connected.connect(self._on_connected)
        session.connect_failed.connect(self._on_connect_failed)
        session.missing_file.connect(self._on_missing_file)
        session.connection_lost.connect(self._on_connection_lost)
        session.connection_restored.connect(self._on_connection_restored)

    def show_database(self) -> None:
        """The open database in the status bar and the window's title (again after a language change)."""
        database = self.session.database
        if database is None:
            return
        self.label.setText(f"{database.display_name} · {database.layout.key.upper()}" + (" · " + self.tr("read-only") if database.read_only else ""))
        self.label.setToolTip(database.masked_url)
        self.parent_widget.setWindowTitle(f"waadmin — {database.display_name}")

    # -- what the session says ------------------------------------------------------------------
    def _on_connected(self, database: Database) -> None:
        self.show_database()
        self.banner.clear()
        self.opened.emit(database)

    def _on_connect_failed(self, message: str) -> None:
        # One place says it: the banner (closable). A dialog on top said it a second time.
        self.banner.show_message(lambda: "❌ " + self.tr("Could not open the database: {reason}").format(reason=engine_text.translate(message)))
        if self.session.database is None:
            self.label.setText(self.tr("Not connected"))

    def _on_missing_file(self, path: str) -> None:
        """A SQLite file that is not there (a typo, or a first start with --database): offer to
        create it rather than only saying it is missing."""
        answer = QMessageBox.question(
            self.parent_widget,
            self.tr("No database file"),
            self.tr("There is no database file at {path}. Create an empty waadmin database there?").format(path=path),
        )
        if answer == QMessageBox.StandardButton.Yes and self.session.request is not None:
            self.session.connect_to(replace(self.session.request, create=True))
            return
        self.banner.show_message(lambda: "❌ " + self.tr("No database file at {path}. Use File → Connection… to choose one.").format(path=path))
        if self.session.database is None:
            self.label.setText(self.tr("Not connected"))

    def _on_connection_lost(self, reason: str) -> None:
        self.banner.show_message(lambda: "⚠️ " + self.tr("The database cannot be reached: {reason}. waadmin keeps trying and will reconnect by itself.").format(reason=engine_text.translate(reason)))
        self.usable_changed.emit()

    def _on_connection_restored(self) -> None:
        self.banner.clear()
        self.show_status(lambda: self.tr("The database is back."), 5000)
        self.usable_changed.emit()
        self.restored.emit()

    # -- the user's choices ---------------------------------------------------------------------
    def choose_connection(self) -> None:
        dialog = ConnectionDialog(self.tracker, self.session.database, self.parent_widget)
        if dialog.exec():
            self.session.connect_to(dialog.request())

    def configure_provider(self) -> ProviderDialog:
        dialog = ProviderDialog(self.tracker, self.session.provider_settings, self.parent_widget, service=self.session.settings)

        def saved() -> None:
            if dialog.saved is not None:
                self.session.set_provider_settings(dialog.saved)
                self.show_status(lambda: self.tr("Provider settings saved."), 8000)
                self.provider_saved.emit(list(dialog.warnings))

        dialog.accepted.connect(saved)
        dialog.open()
        self.provider_dialog = dialog
        return dialog

    def manage_profiles(self) -> ProfilesDialog:
        dialog = ProfilesDialog(self.tracker, ProfileStore(self.session.settings), parent=self.parent_widget)
        dialog.chosen.connect(self.use_profile)
        dialog.open()
        return dialog

    def use_profile(self, url: str | None, profile: Profile, provider: ProviderSettings | None) -> None:
        """``provider``: the profile's own, read with it off the GUI thread (None: keep the current)."""
        if provider is not None:
            self.session.set_provider_settings(provider)
        self.session.connect_to(ConnectRequest(url=url, read_only=profile.read_only))
