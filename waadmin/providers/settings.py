"""Provider configuration, read from the Django app's own environment variables and from
waadmin's settings. Secrets never appear in repr(), logs or anything shown to a user.

The problems found are English sentences marked ``N_`` with named fields (waadmin.domain.messages):
the window and the command line say them in the user's language."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from waadmin.domain.messages import N_

REGIONS = ("chine", "mali", "system")
KINDS = ("auto", "wachap", "wachap_v4", "meta")
DEFAULT_WACHAP_URL = "https://wachap.app/api"
DEFAULT_WACHAP_V4_URL = "https://api.wachap.com/v1"
DEFAULT_META_URL = "https://graph.facebook.com/v21.0"
DEFAULT_SEND_DEADLINE = 30.0
DEFAULT_MAX_ANSWER_BYTES = 1_000_000
SEND_DEADLINE_RANGE = (1.0, 600.0)


def _deadline(raw: str | None, errors: list[str]) -> float:
    if raw is None or not raw.strip():
        return DEFAULT_SEND_DEADLINE
    low, high = SEND_DEADLINE_RANGE
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:  # NaN fails too
        errors.append(N_("WAADMIN_SEND_DEADLINE={value} must be a number of seconds between {low} and {high}.").format(value=repr(raw), low=f"{low:g}", high=f"{high:g}"))
        return DEFAULT_SEND_DEADLINE
    return value


def redact(secret: str) -> str:
    """What may be shown of a secret: that it is set, and at most its last 4 characters."""
    if not secret:
        return ""
    return "••••" + (secret[-4:] if len(secret) >= 12 else "")


def _truthy(value: str | None, default: bool) -> bool:
    if value is None or not value.strip():
        return default
    return value.strip().lower() in ("1", "true", "yes", "on", "oui")


@dataclass(frozen=True)
class WaChapInstance:
    region: str
    access_token: str = field(default="", repr=False)
    instance_id: str = ""
    webhook_url: str = ""
    active: bool = True

    @property
    def configured(self) -> bool:
        return bool(self.access_token and self.instance_id)

    @property
    def usable(self) -> bool:
        return self.configured and self.active


@dataclass(frozen=True)
class ProviderSettings:
    kind: str = "auto"
    wachap_url: str = DEFAULT_WACHAP_URL
    wachap_instances: tuple[WaChapInstance, ...] = ()
    wachap_timeout: float = 15.0
    use_v4: bool = True  # the reference's USE_WACHAP_V4 defaults to true
    v4_url: str = DEFAULT_WACHAP_V4_URL
    v4_secret_key: str = field(default="", repr=False)
    v4_accounts: tuple[tuple[str, str], ...] = ()
    v4_timeout: float = 20.0
    meta_url: str = DEFAULT_META_URL
    meta_token: str = field(default="", repr=False)
    meta_phone_number_ids: tuple[tuple[str, str], ...] = ()  # region (or "default") -> id
    meta_timeout: float = 20.0
    connect_timeout: float = 5.0
    # A whole call — connect, send, read the whole answer — ends by then: a provider that answers
    # one byte every few seconds cannot hold a send (its row in `sending`) for minutes.
    send_deadline: float = DEFAULT_SEND_DEADLINE
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES  # before and after decompression
    config_errors: tuple[str, ...] = ()  # problems found while reading the configuration

    # -- construction --------------------------------------------------------------------
    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ProviderSettings:
        env = os.environ if environ is None else environ
        errors: list[str] = []
        instances = tuple(
            WaChapInstance(
                region,
                env.get(f"WACHAP_{region.upper()}_ACCESS_TOKEN", "").strip(),
                env.get(f"WACHAP_{region.upper()}_INSTANCE_ID", "").strip(),
                env.get(f"WACHAP_{region.upper()}_WEBHOOK_URL", "").strip(),
                # The reference's service treats a missing _ACTIVE as active.
                _truthy(env.get(f"WACHAP_{region.upper()}_ACTIVE"), True),
            )
            for region in REGIONS
        )
        accounts = _json_map(env.get("WACHAP_V4_ACCOUNTS", ""), "WACHAP_V4_ACCOUNTS", errors)
        meta_ids = _json_map(env.get("WAADMIN_META_PHONE_NUMBER_IDS", ""), "WAADMIN_META_PHONE_NUMBER_IDS", errors)
        single = env.get("WAADMIN_META_PHONE_NUMBER_ID", "").strip()
        if single:
            meta_ids.setdefault("default", single)
        kind = env.get("WAADMIN_PROVIDER", "auto").strip().lower() or "auto"
        if kind not in KINDS:
            errors.append(N_("WAADMIN_PROVIDER={value} is not one of {kinds}.").format(value=repr(kind), kinds=", ".join(KINDS)))
            kind = "auto"
        return cls(
            kind=kind,
            wachap_url=env.get("WAADMIN_WACHAP_URL", "").strip() or DEFAULT_WACHAP_URL,
            wachap_instances=instances,
            use_v4=_truthy(env.get("USE_WACHAP_V4"), True),
            v4_url=env.get("WAADMIN_WACHAP_V4_URL", "").strip() or DEFAULT_WACHAP_V4_URL,
            v4_secret_key=env.get("WACHAP_V4_SECRET_KEY", "").strip(),
            v4_accounts=tuple(sorted(accounts.items())),
            meta_url=env.get("WAADMIN_META_URL", "").strip() or DEFAULT_META_URL,
            meta_token=env.get("WAADMIN_META_TOKEN", "").strip(),
            meta_phone_number_ids=tuple(sorted(meta_ids.items())),
            send_deadline=_deadline(env.get("WAADMIN_SEND_DEADLINE"), errors),
            config_errors=tuple(errors),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProviderSettings:
        """From waadmin's saved settings (secrets are filled in from the keyring by the caller)."""
        instances = tuple(
            WaChapInstance(
                region,
                str(data.get(f"wachap_{region}_access_token", "")),
                str(data.get(f"wachap_{region}_instance_id", "")),
                str(data.get(f"wachap_{region}_webhook_url", "")),
                bool(data.get(f"wachap_{region}_active", True)),
            )
            for region in REGIONS
        )
        return cls(
            kind=str(data.get("kind", "auto")),
            wachap_url=str(data.get("wachap_url") or DEFAULT_WACHAP_URL),
            wachap_instances=instances,
            wachap_timeout=float(data.get("wachap_timeout", 15.0)),
            use_v4=bool(data.get("use_v4", True)),
            v4_url=str(data.get("v4_url") or DEFAULT_WACHAP_V4_URL),
            v4_secret_key=str(data.get("v4_secret_key", "")),
            v4_accounts=tuple(sorted(dict(data.get("v4_accounts") or {}).items())),
            v4_timeout=float(data.get("v4_timeout", 20.0)),
            meta_url=str(data.get("meta_url") or DEFAULT_META_URL),
            meta_token=str(data.get("meta_token", "")),
            meta_phone_number_ids=tuple(sorted(dict(data.get("meta_phone_number_ids") or {}).items())),
            meta_timeout=float(data.get("meta_timeout", 20.0)),
            send_deadline=_deadline(str(data["send_deadline"]) if data.get("send_deadline") is not None else None, []),
        )

    def with_overrides(self, **changes: Any) -> ProviderSettings:
        return replace(self, **changes)

    # -- reading -----------------------------------------------------------------------------
    def instance(self, region: str) -> WaChapInstance:
        for item in self.wachap_instances:
            if item.region == region:
                return item
        return WaChapInstance(region)

    @property
    def accounts(self) -> dict[str, str]:
        return dict(self.v4_accounts)

    @property
    def meta_numbers(self) -> dict[str, str]:
        return dict(self.meta_phone_number_ids)

    def resolved_kind(self) -> str | None:
        """Which API "auto" means with this configuration, or None when nothing is set up."""
        if self.kind != "auto":
            return self.kind
        if self.use_v4 and self.v4_secret_key:
            return "wachap_v4"
        if any(i.configured for i in self.wachap_instances):
            return "wachap"
        if self.meta_token:
            return "meta"
        return None

    def problems(self) -> list[str]:
        found = list(self.config_errors)
        kind = self.resolved_kind()
        if kind is None:
            found.append(
                N_(
                    "No provider is configured: set the WaChap instances (WACHAP_<REGION>_ACCESS_TOKEN and _INSTANCE_ID), "
                    "WaChap V4 (WACHAP_V4_SECRET_KEY, WACHAP_V4_ACCOUNTS) or the Meta Cloud API (WAADMIN_META_TOKEN, WAADMIN_META_PHONE_NUMBER_ID)."
                )
            )
        elif kind == "wachap":
            if not any(i.configured for i in self.wachap_instances):
                found.append(N_("WaChap: no instance has both an access token and an instance id."))
            for item in self.wachap_instances:
                if item.configured and not item.active:
                    found.append(N_("WaChap {region}: the instance is disabled ({variable}).").format(region=item.region, variable=f"WACHAP_{item.region.upper()}_ACTIVE"))
        elif kind == "wachap_v4":
            if not self.v4_secret_key:
                found.append(N_("WaChap V4: WACHAP_V4_SECRET_KEY is not set."))
            if not self.v4_accounts:
                found.append(N_("WaChap V4: WACHAP_V4_ACCOUNTS maps no region to an account."))
        elif kind == "meta":
            if not self.meta_token:
                found.append(N_("Meta Cloud API: no access token."))
            if not self.meta_phone_number_ids:
                found.append(N_("Meta Cloud API: no phone-number id."))
        return found

    def secrets(self) -> list[str]:
        """Every secret value, so outputs can be scrubbed of them."""
        values = [self.v4_secret_key, self.meta_token] + [i.access_token for i in self.wachap_instances]
        return [v for v in values if v and len(v) >= 4]

    def redacted(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "resolved": self.resolved_kind(),
            "wachap_url": self.wachap_url,
            "wachap_instances": {
                i.region: {"instance_id": i.instance_id, "access_token": redact(i.access_token), "active": i.active}
                for i in self.wachap_instances
            },
            "use_v4": self.use_v4,
            "v4_url": self.v4_url,
            "v4_secret_key": redact(self.v4_secret_key),
            "v4_accounts": self.accounts,
            "meta_url": self.meta_url,
            "meta_token": redact(self.meta_token),
            "meta_phone_number_ids": self.meta_numbers,
        }


def _json_map(raw: str, name: str, errors: list[str]) -> dict[str, str]:
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        errors.append(N_("{name} is not valid JSON (expected an object such as {example}).").format(name=name, example='{"mali": "acc_1"}'))
        return {}
    if not isinstance(data, dict):
        errors.append(N_("{name} must be a JSON object mapping a region to an id.").format(name=name))
        return {}
    return {str(k).strip().lower(): str(v).strip() for k, v in data.items() if str(v).strip()}
