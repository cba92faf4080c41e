"""User preferences, kept in QSettings. Never a secret: passwords and tokens live in the keyring."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from platformdirs import user_config_path
from PySide6.QtCore import QByteArray, QSettings

from waadmin.domain import alerts
from waadmin.domain.filters import AttemptFilter, Sort

ORGANIZATION = "waadmin"
APPLICATION = "waadmin"


def settings_path() -> Path:
    """Where the INI file lives: the platform's config folder, looked up on every call (Qt
    caches its own default once per process, which would ignore a changed XDG_CONFIG_HOME)."""
    return user_config_path(APPLICATION, appauthor=False) / f"{APPLICATION}.ini"


def qsettings() -> QSettings:
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


@dataclass
class Preferences:
    language: str = ""  # "" follows the system
    time_zone: str = "local"  # utc, local, bamako
    always_utc_offset: bool = False  # every time with its UTC offset, not only ambiguous ones
    auto_refresh_seconds: int = 0  # 0 = off
    page_size: int = 200
    pending_grace_minutes: int = 5
    lease_minutes: int = 10
    cleanup_days: int = 30
    # The dashboard's alert thresholds (the reference's recommended values by default).
    alert_min_success_rate: float = 90.0
    alert_max_waiting_retries: int = 100
    alert_max_final_failure_rate: float = 5.0
    alert_max_mean_delay_minutes: float = 30.0


def alert_thresholds(prefs: Preferences) -> alerts.AlertThresholds:
    return alerts.AlertThresholds(
        min_success_rate=prefs.alert_min_success_rate,
        max_waiting_retries=prefs.alert_max_waiting_retries,
        max_final_failure_rate=prefs.alert_max_final_failure_rate,
        max_mean_delay_minutes=prefs.alert_max_mean_delay_minutes,
    )


def load_preferences(store: QSettings | None = None) -> Preferences:
    store = store or qsettings()
    prefs = Preferences()
    for key, default in asdict(prefs).items():
        raw = store.value(f"prefs/{key}", default)
        try:
            if isinstance(default, bool):  # an INI file gives "true"/"false" back as text
                setattr(prefs, key, raw if isinstance(raw, bool) else str(raw).strip().lower() in ("true", "1", "yes"))
                continue
            setattr(prefs, key, type(default)(raw))
        except (TypeError, ValueError):
            setattr(prefs, key, default)
    if prefs.time_zone not in ("utc", "local", "bamako"):
        prefs.time_zone = "local"
    prefs.auto_refresh_seconds = max(0, min(prefs.auto_refresh_seconds, 3600))
    prefs.page_size = max(50, min(prefs.page_size, 2000))
    return prefs


def save_preferences(prefs: Preferences, store: QSettings | None = None) -> None:
    store = store or qsettings()
    for key, value in asdict(prefs).items():
        store.setValue(f"prefs/{key}", value)
    store.sync()


def filter_to_json(flt: AttemptFilter) -> str:
    data: dict[str, Any] = {}
    for key, value in asdict(flt).items():
        if isinstance(value, (set, frozenset)):
            if value:
                data[key] = sorted(value)
        elif isinstance(value, datetime):
            data[key] = value.isoformat()
        elif value:
            data[key] = value
    data.pop("ids", None)  # a list of ids is a one-off, not a saved view
    data.pop("figure", None)  # so is a dashboard figure's "as of" moment
    data.pop("as_of", None)
    return json.dumps(data)


def filter_from_json(text: str | None) -> AttemptFilter:
    if not text:
        return AttemptFilter()
    try:
        data = json.loads(text)
        kwargs: dict[str, Any] = {}
        for key in ("statuses", "message_types", "source_apps", "regions", "categories", "error_codes"):
            if key in data:
                kwargs[key] = frozenset(str(v) for v in data[key])
        if "priorities" in data:
            kwargs["priorities"] = frozenset(int(v) for v in data["priorities"])
        for key in ("created_from", "created_to"):
            if key in data:
                kwargs[key] = datetime.fromisoformat(data[key])
        if "search" in data:
            kwargs["search"] = str(data["search"])[:200]
        if "error_like" in data:
            kwargs["error_like"] = str(data["error_like"])[:300]
        return AttemptFilter(**kwargs)
    except (ValueError, TypeError, KeyError):
        return AttemptFilter()  # a damaged setting must not stop the app


def save_view(flt: AttemptFilter, sort: Sort, store: QSettings | None = None) -> None:
    store = store or qsettings()
    store.setValue("list/filter", filter_to_json(flt))
    store.setValue("list/sort_key", sort.key)
    store.setValue("list/sort_desc", sort.descending)


def load_view(store: QSettings | None = None) -> tuple[AttemptFilter, Sort]:
    store = store or qsettings()
    flt = filter_from_json(store.value("list/filter", ""))
    try:
        sort = Sort(str(store.value("list/sort_key", "created_at")), str(store.value("list/sort_desc", "true")).lower() in ("true", "1"))
    except ValueError:
        sort = Sort()
    return flt, sort


def save_bytes(key: str, value: QByteArray, store: QSettings | None = None) -> None:
    store = store or qsettings()
    store.setValue(key, value)


def load_bytes(key: str, store: QSettings | None = None) -> QByteArray | None:
    store = store or qsettings()
    value = store.value(key)
    return value if isinstance(value, QByteArray) else None


# -- saved views: named filters, sort and columns of the attempts list -------------------------
@dataclass(frozen=True)
class SavedView:
    name: str
    filter: AttemptFilter
    sort: Sort
    columns: QByteArray | None  # the header's saved state (order, widths, hidden)


def saved_views(store: QSettings | None = None) -> list[SavedView]:
    store = store or qsettings()
    try:
        data = json.loads(str(store.value("views/list", "") or "{}"))
    except ValueError:
        return []  # a damaged setting must not stop the app
    views = []
    for name, item in sorted(data.items(), key=lambda kv: kv[0].casefold()) if isinstance(data, dict) else []:
        try:
            sort = Sort(str(item.get("sort_key", "created_at")), bool(item.get("sort_desc", True)))
        except (ValueError, AttributeError):
            continue
        columns = item.get("columns")
        state = QByteArray.fromBase64(columns.encode("ascii")) if isinstance(columns, str) and columns else None
        views.append(SavedView(str(name), filter_from_json(item.get("filter")), sort, state))
    return views


def _write_views(views: list[SavedView], store: QSettings) -> None:
    data = {
        v.name: {
            "filter": filter_to_json(v.filter),
            "sort_key": v.sort.key,
            "sort_desc": v.sort.descending,
            "columns": bytes(v.columns.toBase64().data()).decode("ascii") if v.columns is not None else "",
        }
        for v in views
    }
    store.setValue("views/list", json.dumps(data))
    store.sync()


def save_named_view(view: SavedView, store: QSettings | None = None) -> None:
    """Add ``view``, or replace the one of the same name."""
    store = store or qsettings()
    _write_views([v for v in saved_views(store) if v.name != view.name] + [view], store)


def delete_named_view(name: str, store: QSettings | None = None) -> None:
    store = store or qsettings()
    _write_views([v for v in saved_views(store) if v.name != name], store)
