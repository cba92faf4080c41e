"""Choose the database: the embedded one, an SQLite file, or a PostgreSQL URL; test before use."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from waadmin.db import listing
from waadmin.db.database import Database, open_database
from waadmin.db.urls import embedded_url, mask
from waadmin.ui import retranslate
from waadmin.ui.session import ConnectRequest
from waadmin.ui.tasks import TaskTracker, user_message


def _probe(url: str, read_only: bool) -> tuple[str, int, bool]:
    """What the database is, about how many attempts it holds and whether it has users: the
    words are put around them on the GUI thread, in the language of the moment."""
    database = open_database(url or None, read_only=read_only, create=False if url else None)
    try:
        count = listing.count_attempts(database, exact=False)
        return database.describe(), count.value, database.has_users
    finally:
        database.dispose()


def _probe_text(found: tuple[str, int, bool]) -> str:
    description, count, has_users = found
    users = QCoreApplication.translate("ConnectionDialog", "yes") if has_users else QCoreApplication.translate("ConnectionDialog", "no")
    return "✅ " + description + "\n" + QCoreApplication.translate("ConnectionDialog", "≈ {n} attempts · user table: {users}").format(n=QLocale().toString(count), users=users)


class ConnectionDialog(QDialog):
    def __init__(self, tracker: TaskTracker, current: Database | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionDialog")
        self.setWindowTitle(self.tr("Connection"))
        self.tracker = tracker
        self.url = QLineEdit()
        self.url.setObjectName("connectionUrl")
        self.url.setPlaceholderText(self.tr("postgresql://user@host:5432/database  or  /path/to/db.sqlite3"))
        if current is not None and not current.embedded:
            self.url.setText(mask(current.url))  # the password is never shown again; retype it to change
        self.url.setMinimumWidth(520)
        browse = QPushButton(self.tr("SQLite file…"))
        browse.clicked.connect(self._browse)
        embedded = QPushButton(self.tr("Embedded database"))
        embedded.clicked.connect(lambda: self.url.setText(""))
        self.read_only = QCheckBox(self.tr("Read-only (no change to the data is possible)"))
        self.read_only.setObjectName("connectionReadOnly")
        self.read_only.setChecked(bool(current and current.read_only))
        self.result = QLabel(self.tr("An empty address means waadmin's embedded database."))
        self.result.setObjectName("connectionResult")
        self.result.setWordWrap(True)
        test = QPushButton(self.tr("Test"))
        test.setObjectName("connectionTest")
        test.clicked.connect(self._test)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Connect"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.url, 1)
        row.addWidget(browse)
        row.addWidget(embedded)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Database address:")))
        layout.addLayout(row)
        layout.addWidget(self.read_only)
        test_row = QHBoxLayout()
        test_row.addWidget(test)
        test_row.addWidget(self.result, 1)
        layout.addLayout(test_row)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("SQLite database"), "", self.tr("SQLite databases (*.sqlite3 *.sqlite *.db);;All files (*)"))
        if path:
            self.url.setText(path)

    def _test(self) -> None:
        self.result.setText(self.tr("Testing…"))
        self.tracker.run(
            _probe,
            self.url.text().strip(),
            self.read_only.isChecked(),
            on_result=lambda found: retranslate.set_text(self.result, lambda: _probe_text(found)),
            on_error=lambda error: retranslate.set_text(self.result, lambda: "❌ " + user_message(error)),
        )

    def request(self) -> ConnectRequest:
        text = self.url.text().strip()
        return ConnectRequest(url=text or embedded_url(), read_only=self.read_only.isChecked(), create=None if text else True)
