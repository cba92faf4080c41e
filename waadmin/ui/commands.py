"""The window's commands, declared once: id, text, icon, shortcut, tip and when each is enabled.
The main window turns them into QActions; its menus, toolbar and the list's row menu show those
same actions, so a command has one text, one shortcut and one enabled state everywhere (as
napari's Action declarations and qutebrowser's command table do)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QKeySequence

from waadmin.domain import rules


@dataclass(frozen=True)
class CommandState:
    """What the enabled-when rules look at, gathered once per change of selection or state."""

    connected: bool = False  # a database is open (even if it cannot be reached right now)
    usable: bool = False  # open and reachable
    writable: bool = False  # usable and not read-only
    idle: bool = True  # no long action running
    selected: tuple[rules.AttemptState, ...] = ()
    all_matching: bool = False  # "Select all N matching" chosen

    @property
    def one_stuck_row(self) -> bool:
        return len(self.selected) == 1 and self.selected[0].status == "sending"


Rule = Callable[[CommandState], bool]


def _always(_s: CommandState) -> bool:
    return True


@dataclass(frozen=True)
class Command:
    id: str  # the QAction's object name
    attr: str  # the window's attribute (act_...)
    text: str  # source text, translated in the "commands" context
    icon: str
    slot: str  # the window's method (dotted for a helper: "bulk.retry_matching")
    shortcut: tuple[QKeySequence.StandardKey | str, ...] = ()
    tip: str = ""
    enabled_when: Rule = field(default=_always)
    changes_data: bool = False  # its tip says so on a read-only connection

    def title(self) -> str:
        return QCoreApplication.translate("commands", self.text)

    def tooltip(self) -> str:
        tip = QCoreApplication.translate("commands", self.tip) if self.tip else self.title()
        keys = self.key_sequences()
        if keys:
            tip += f" ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"
        return tip

    def key_sequences(self) -> list[QKeySequence]:
        return [QKeySequence(k) for k in self.shortcut]


def _writable_idle(s: CommandState) -> bool:
    return s.writable and s.idle


COMMANDS: tuple[Command, ...] = (
    Command("actRefresh", "act_refresh", QT_TRANSLATE_NOOP("commands", "Refresh"), "refresh", "refresh", ("F5",),
            QT_TRANSLATE_NOOP("commands", "Reload the list and the counts"), lambda s: s.connected),
    Command("actRetrySelected", "act_retry_selected", QT_TRANSLATE_NOOP("commands", "Retry selected"), "retry", "retry_selected", ("Ctrl+R",),
            QT_TRANSLATE_NOOP("commands", "Send the selected attempts now, if attempts remain"),
            lambda s: _writable_idle(s) and (s.all_matching or any(rules.can_retry_now(a) for a in s.selected)), True),
    Command("actCancelSelected", "act_cancel_selected", QT_TRANSLATE_NOOP("commands", "Cancel selected"), "cancel", "cancel_selected", ("Ctrl+Shift+K",),
            QT_TRANSLATE_NOOP("commands", "Cancel the selected attempts that are still waiting"),
            lambda s: _writable_idle(s) and (s.all_matching or any(rules.can_cancel(a) for a in s.selected)), True),
    Command("actRetryDue", "act_retry_due", QT_TRANSLATE_NOOP("commands", "Retry all due"), "retry-all", "retry_all_due", ("Ctrl+Shift+R",),
            QT_TRANSLATE_NOOP("commands", "Send every attempt whose retry time has come"), _writable_idle, True),
    Command("actRetryMatching", "act_retry_matching", QT_TRANSLATE_NOOP("commands", "Retry all matching…"), "retry-all", "bulk.retry_matching", (),
            QT_TRANSLATE_NOOP("commands", "Send every attempt the filters match, on all pages"), _writable_idle, True),
    Command("actCancelMatching", "act_cancel_matching", QT_TRANSLATE_NOOP("commands", "Cancel all matching…"), "cancel", "bulk.cancel_matching", (),
            QT_TRANSLATE_NOOP("commands", "Cancel every waiting attempt the filters match, on all pages"), _writable_idle, True),
    Command("actResetStuck", "act_reset_stuck", QT_TRANSLATE_NOOP("commands", "Reset stuck"), "reset", "reset_stuck", (),
            QT_TRANSLATE_NOOP("commands", "Give sends stuck in 'sending' back to the retry schedule"), _writable_idle, True),
    Command("actResetRow", "act_reset_row", QT_TRANSLATE_NOOP("commands", "Reset stuck send…"), "reset", "reset_selected_stuck", (),
            QT_TRANSLATE_NOOP("commands", "Give this send stuck in 'sending' back to the retry schedule"),
            lambda s: _writable_idle(s) and s.one_stuck_row, True),
    Command("actCleanup", "act_cleanup", QT_TRANSLATE_NOOP("commands", "Cleanup…"), "cleanup", "cleanup", (),
            QT_TRANSLATE_NOOP("commands", "Delete old finished attempts"), _writable_idle, True),
    Command("actRedact", "act_redact", QT_TRANSLATE_NOOP("commands", "Redact sensitive messages…"), "reveal", "redaction.redact_sensitive", (),
            QT_TRANSLATE_NOOP("commands", "Mask the passwords and codes of finished account, credentials and OTP messages"), _writable_idle, True),
    Command("actExport", "act_export", QT_TRANSLATE_NOOP("commands", "Export CSV"), "export", "export_csv", ("Ctrl+E",),
            QT_TRANSLATE_NOOP("commands", "Save the filtered list as a CSV file"), lambda s: s.usable and s.idle),
    Command("actConnection", "act_connection", QT_TRANSLATE_NOOP("commands", "Connection…"), "database", "choose_connection", ("Ctrl+O",),
            QT_TRANSLATE_NOOP("commands", "Choose the database")),
    Command("actProvider", "act_provider", QT_TRANSLATE_NOOP("commands", "Provider settings…"), "settings", "configure_provider", (),
            QT_TRANSLATE_NOOP("commands", "The provider sends go through, with a test that sends no message")),
    Command("actProfiles", "act_profiles", QT_TRANSLATE_NOOP("commands", "Profiles…"), "settings", "manage_profiles", (),
            QT_TRANSLATE_NOOP("commands", "Saved connections with their provider settings")),
    Command("actAlertChannels", "act_alert_channels", QT_TRANSLATE_NOOP("commands", "Notification channels…"), "tray-alert", "configure_alert_channels", (),
            QT_TRANSLATE_NOOP("commands", "Send alerts to Slack, e-mail or a JSON webhook, with a test message")),
    Command("actQuit", "act_quit", QT_TRANSLATE_NOOP("commands", "Quit"), "quit", "quit_app", (QKeySequence.StandardKey.Quit,)),
)

BY_ID = {c.id: c for c in COMMANDS}
