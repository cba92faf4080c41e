"""What a batch's summary and the status bar say about a provider outage, in the user's words.

Shared by every batch (Retry selected, Retry all due, Retry all matching) and the status bar, so
the same outage reads the same wherever it is seen. Each text is spelled out in a
QCoreApplication.translate("Outage", …) call, the form lupdate finds.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QTimeZone

from waadmin.providers.circuit import EndpointHealth, describe


def where(endpoints: tuple[EndpointHealth, ...]) -> str:
    """ "WaChap chine, WaChap mali (connection refused); Meta default (HTTP 503 …)" """
    return describe(endpoints)


def summary_lines(report: Any, threshold: int) -> list[str]:
    """For a RetryReport or a BulkRetryReport: empty when no outage was met."""
    if not (report.unreachable or report.not_sent):
        return []
    lines = []
    if report.unreachable:
        lines.append(QCoreApplication.translate("Outage", "Provider unreachable after {n} failures: {where}.").format(n=threshold, where=where(report.unreachable)))
    else:
        lines.append(QCoreApplication.translate("Outage", "Some sends could not reach the provider."))
    lines.append(QCoreApplication.translate("Outage", "{n} attempts left as they were (no try counted); they are sent once the provider answers again.").format(n=QLocale().toString(report.left_untouched)))
    return lines


def health_line(endpoints: tuple[EndpointHealth, ...]) -> str:
    """The status bar's provider part, short enough for it (health_detail() has the rest):
    empty until a send has told anything."""
    if not endpoints:
        return ""
    down = tuple(e for e in endpoints if e.down)
    if not down:
        return QCoreApplication.translate("Outage", "Provider: up")
    if len(down) == 1:
        where = down[0].label
    else:
        where = QCoreApplication.translate("Outage", "{n} endpoints").format(n=len(down))  # two or more
    text = QCoreApplication.translate("Outage", "Provider down: {where}").format(where=where)
    opened = [e.opened_at for e in down if e.opened_at is not None]
    if opened:
        moment = QDateTime.fromSecsSinceEpoch(int(min(opened).timestamp()), QTimeZone.systemTimeZone())
        text += " · " + QCoreApplication.translate("Outage", "since {time}").format(time=QLocale().toString(moment.time(), QLocale.FormatType.ShortFormat))
    return text


def health_detail(endpoints: tuple[EndpointHealth, ...]) -> str:
    """Every endpoint down and why, for the status bar's tooltip."""
    down = tuple(e for e in endpoints if e.down)
    return describe(down) if down else ""
