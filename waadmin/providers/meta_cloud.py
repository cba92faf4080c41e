"""The Meta WhatsApp Cloud API: ``POST {base}/{phone-number-id}/messages`` with a Bearer token.

Free-form text only reaches a customer inside the 24-hour service window; outside it Meta
answers 131047, which is classified as rejected rather than retried.
"""

from __future__ import annotations

import httpx

from waadmin.domain import phones
from waadmin.domain.error_codes import ErrorCode
from waadmin.providers import classify
from waadmin.providers.base import CheckResult, Endpoint, OutgoingMessage, ProviderInfo, SendOutcome
from waadmin.providers.http import HttpClient, dig
from waadmin.providers.routing import choose_instance, meta_number
from waadmin.providers.settings import ProviderSettings

CHECK_TIMEOUT = 10.0


class MetaCloudProvider:
    name = "meta"

    def __init__(self, settings: ProviderSettings, client: httpx.Client | None = None) -> None:
        self.settings = settings
        self.base_url = settings.meta_url.rstrip("/")
        self.http = HttpClient(
            self.name, settings.secrets(), settings.meta_timeout, settings.connect_timeout, client,
            deadline=settings.send_deadline, max_bytes=settings.max_answer_bytes,
        )

    def info(self) -> ProviderInfo:
        return ProviderInfo("Meta Cloud API", self.base_url, tuple(sorted(self.settings.meta_numbers)))

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.meta_token}"}

    def route(self, message: OutgoingMessage) -> tuple[str, str] | None:
        numbers = self.settings.meta_numbers
        region = choose_instance(
            message.message_type, message.sender_role, message.region_override, message.phone_number, lambda r: bool(numbers.get(r) or numbers.get("default"))
        )
        return meta_number(region, numbers)

    def endpoint(self, message: OutgoingMessage) -> Endpoint | None:
        number = self.route(message)
        return None if number is None else _endpoint(*number)

    def endpoints(self) -> list[Endpoint]:
        seen: dict[str, Endpoint] = {}
        for region, phone_id in sorted(self.settings.meta_numbers.items()):
            seen.setdefault(phone_id, _endpoint(region, phone_id))
        return list(seen.values())

    def probe(self, endpoint: Endpoint) -> CheckResult | None:
        phone_id = endpoint.key.split(":", 1)[-1]
        for region, known in sorted(self.settings.meta_numbers.items()):
            if known == phone_id:
                return self._check_number(region, phone_id)
        return None

    def send(self, message: OutgoingMessage) -> SendOutcome:
        number = self.route(message)
        if not self.settings.meta_token or number is None:
            return self.http.failed(classify.Failure(ErrorCode.CONFIG_ERROR, True, "Meta Cloud API: no access token or phone-number id configured"))
        region, phone_id = number
        label = f"Meta {region}"
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": phones.normalize(message.phone_number).lstrip("+"),
            "type": "text",
            "text": {"preview_url": False, "body": message.text},
        }
        answer = self.http.request("POST", f"{self.base_url}/{phone_id}/messages", label, json=payload, headers=self._headers())
        if isinstance(answer, classify.Failure):
            return self.http.failed(answer, route=region)
        error = dig(answer.data, "error")
        if isinstance(error, dict):
            return self.http.failed(classify.from_meta_error(answer.status, error, label, answer.retry_after), route=region, answer=answer)
        if not 200 <= answer.status < 300:
            return self.http.failed(classify.from_status(answer.status, answer.reason, answer.text, label, answer.retry_after), route=region, answer=answer)
        messages = dig(answer.data, "messages")
        if isinstance(messages, list) and messages and isinstance(messages[0], dict) and messages[0].get("id"):
            return self.http.succeeded(answer, route=region, message_id=str(messages[0]["id"]))
        return self.http.failed(classify.invalid_response(answer.status, answer.text, label), route=region, answer=answer)

    def check(self) -> list[CheckResult]:
        if not self.settings.meta_token or not self.settings.meta_numbers:
            return [CheckResult("Meta Cloud API", False, "incomplete: a token and a phone-number id are both needed")]
        return [self._check_number(region, phone_id) for region, phone_id in sorted(self.settings.meta_numbers.items())]

    def _check_number(self, region: str, phone_id: str) -> CheckResult:
        target = f"Meta {region} ({phone_id})"
        answer = self.http.request(
            "GET", f"{self.base_url}/{phone_id}", target,
            params={"fields": "display_phone_number,verified_name,quality_rating"},
            headers=self._headers(), timeout=CHECK_TIMEOUT,
        )
        if isinstance(answer, classify.Failure):
            return CheckResult(target, False, self.http.scrub(answer.message))
        error = dig(answer.data, "error")
        if isinstance(error, dict) or not 200 <= answer.status < 300:
            words = (error or {}).get("message") if isinstance(error, dict) else classify.excerpt(answer.text, 160)
            return CheckResult(target, False, self.http.scrub(f"HTTP {answer.status}: {words}"))
        shown = dig(answer.data, "display_phone_number") or "?"
        name = dig(answer.data, "verified_name") or "?"
        quality = dig(answer.data, "quality_rating") or "?"
        return CheckResult(target, True, f"{shown} “{name}”, quality {quality}")

    def close(self) -> None:
        self.http.close()


def _endpoint(region: str, phone_id: str) -> Endpoint:
    return Endpoint(f"meta:{phone_id}", f"Meta {region} ({phone_id})")
