"""The WaChap V4 API: ``POST {base}/whatsapp/messages/send`` with a Bearer key and one account
per region (``WACHAP_V4_ACCOUNTS``)."""

from __future__ import annotations

import httpx

from waadmin.domain import phones
from waadmin.domain.error_codes import ErrorCode
from waadmin.providers import classify
from waadmin.providers.base import CheckResult, Endpoint, OutgoingMessage, ProviderInfo, SendOutcome
from waadmin.providers.http import HttpClient, dig
from waadmin.providers.routing import choose_instance, v4_account
from waadmin.providers.settings import ProviderSettings

CHECK_TIMEOUT = 10.0


def v4_number(phone: str) -> str:
    """V4 wants "+<digits>"; the rules match the reference's V4 client."""
    normalized = phones.normalize(phone)
    return normalized if normalized.startswith("+") else "+" + normalized


def message_id(data: object) -> str:
    for path in (("messageId",), ("data", "messageId"), ("data", "id"), ("id",)):
        value = dig(data, *path)
        if value not in (None, ""):
            return str(value)
    return ""


class WaChapV4Provider:
    name = "wachap_v4"

    def __init__(self, settings: ProviderSettings, client: httpx.Client | None = None) -> None:
        self.settings = settings
        self.base_url = settings.v4_url.rstrip("/")
        self.http = HttpClient(
            self.name, settings.secrets(), settings.v4_timeout, settings.connect_timeout, client,
            deadline=settings.send_deadline, max_bytes=settings.max_answer_bytes,
        )

    def info(self) -> ProviderInfo:
        return ProviderInfo("WaChap V4", self.base_url, tuple(sorted(self.settings.accounts)))

    def route(self, message: OutgoingMessage) -> tuple[str, str] | None:
        accounts = self.settings.accounts
        region = choose_instance(
            message.message_type, message.sender_role, message.region_override, message.phone_number, lambda r: bool(accounts.get(r))
        )
        return v4_account(region, accounts)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.v4_secret_key}"}

    def endpoint(self, message: OutgoingMessage) -> Endpoint | None:
        account = self.route(message)
        return None if account is None else Endpoint(f"wachap_v4:{account[1]}", f"WaChap V4 {account[0]}")

    def endpoints(self) -> list[Endpoint]:
        seen: dict[str, Endpoint] = {}
        for region, account_id in sorted(self.settings.accounts.items()):
            seen.setdefault(account_id, Endpoint(f"wachap_v4:{account_id}", f"WaChap V4 {region}"))
        return list(seen.values())

    def probe(self, endpoint: Endpoint) -> CheckResult | None:
        """V4's one harmless call covers every account."""
        return self.check()[0]

    def send(self, message: OutgoingMessage) -> SendOutcome:
        account = self.route(message)
        if not self.settings.v4_secret_key or account is None:
            return self.http.failed(classify.Failure(ErrorCode.CONFIG_ERROR, True, "Configuration WaChap V4 incomplète (WACHAP_V4_SECRET_KEY / WACHAP_V4_ACCOUNTS)"))
        region, account_id = account
        label = f"WaChap V4 {region}"
        payload = {"data": {"accountId": account_id, "to": v4_number(message.phone_number), "type": "text", "content": message.text}}
        answer = self.http.request("POST", f"{self.base_url}/whatsapp/messages/send", label, json=payload, headers=self._headers())
        if isinstance(answer, classify.Failure):
            return self.http.failed(answer, route=region)
        if not 200 <= answer.status < 300:
            return self.http.failed(classify.from_status(answer.status, answer.reason, answer.text, label, answer.retry_after), route=region, answer=answer)
        if not isinstance(answer.data, dict) or "success" not in answer.data:
            return self.http.failed(classify.invalid_response(answer.status, answer.text, label), route=region, answer=answer)
        if answer.data.get("success") is True:
            return self.http.succeeded(answer, route=region, message_id=message_id(answer.data))
        words = answer.data.get("message") or answer.data.get("error") or "success: false"
        return self.http.failed(classify.from_application_error(str(words), label), route=region, answer=answer)

    def check(self) -> list[CheckResult]:
        """V4 has no documented read-only call, so this proves the host answers and the key is
        not refused: any HTTP answer but 401/403 counts as reachable."""
        target = "WaChap V4"
        if not self.settings.v4_secret_key or not self.settings.accounts:
            return [CheckResult(target, False, "incomplete: WACHAP_V4_SECRET_KEY and WACHAP_V4_ACCOUNTS are both needed")]
        answer = self.http.request("GET", f"{self.base_url}/whatsapp/accounts", target, headers=self._headers(), timeout=CHECK_TIMEOUT)
        if isinstance(answer, classify.Failure):
            return [CheckResult(target, False, self.http.scrub(answer.message))]
        if answer.status in (401, 403):
            return [CheckResult(target, False, f"the key was refused (HTTP {answer.status})")]
        if answer.status >= 500:
            return [CheckResult(target, False, f"the server fails (HTTP {answer.status} {answer.reason})")]
        accounts = ", ".join(f"{region}={account}" for region, account in sorted(self.settings.accounts.items()))
        return [CheckResult(target, True, f"reachable ({answer.elapsed_ms:.0f} ms, HTTP {answer.status}); accounts {accounts}")]

    def close(self) -> None:
        self.http.close()
