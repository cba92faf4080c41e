"""The WaChap legacy ("V3") API: ``POST {base}/send`` with the instance's credentials in the
JSON body, one instance per region (chine, mali, system)."""

from __future__ import annotations

import httpx

from waadmin.domain import phones
from waadmin.domain.error_codes import ErrorCode
from waadmin.providers import classify
from waadmin.providers.base import CheckResult, Endpoint, OutgoingMessage, ProviderInfo, SendOutcome
from waadmin.providers.http import Answer, HttpClient, dig, unreadable
from waadmin.providers.routing import choose_instance
from waadmin.providers.settings import ProviderSettings, WaChapInstance

CHECK_TIMEOUT = 10.0


def message_id(data: object) -> str:
    """The first of id, message_id, message.key.id, data.id — where the reference looks."""
    for path in (("id",), ("message_id",), ("message", "key", "id"), ("data", "id")):
        value = dig(data, *path)
        if value not in (None, ""):
            return str(value)
    return ""


def is_success(data: object) -> bool:
    if not isinstance(data, dict):
        return False
    if str(data.get("status", "")).lower() == "success" or str(dig(data, "message", "status") or "").lower() == "success":
        return True
    if str(data.get("status", "")).lower() in ("error", "failed", "fail"):
        return False
    return bool(message_id(data))


def error_text(data: object) -> str:
    if isinstance(data, dict):
        for key in ("message", "error", "detail", "reason"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return value
            if isinstance(value, dict) and isinstance(value.get("message"), str):
                return value["message"]
    return str(data)


class WaChapLegacyProvider:
    name = "wachap"

    def __init__(self, settings: ProviderSettings, client: httpx.Client | None = None) -> None:
        self.settings = settings
        self.base_url = settings.wachap_url.rstrip("/")
        self.http = HttpClient(
            self.name, settings.secrets(), settings.wachap_timeout, settings.connect_timeout, client,
            deadline=settings.send_deadline, max_bytes=settings.max_answer_bytes,
        )

    def info(self) -> ProviderInfo:
        routes = tuple(i.region for i in self.settings.wachap_instances if i.usable)
        return ProviderInfo("WaChap", self.base_url, routes)

    def route(self, message: OutgoingMessage) -> str:
        return choose_instance(
            message.message_type,
            message.sender_role,
            message.region_override,
            message.phone_number,
            lambda region: self.settings.instance(region).usable,
        )

    def endpoint(self, message: OutgoingMessage) -> Endpoint:
        return _endpoint(self.route(message))

    def endpoints(self) -> list[Endpoint]:
        return [_endpoint(i.region) for i in self.settings.wachap_instances if i.usable]

    def probe(self, endpoint: Endpoint) -> CheckResult | None:
        region = endpoint.key.split(":", 1)[-1]
        instance = self.settings.instance(region)
        return self._check_instance(instance) if instance.usable else None

    def send(self, message: OutgoingMessage) -> SendOutcome:
        region = self.route(message)
        instance = self.settings.instance(region)
        label = f"WaChap {region}"
        if not instance.configured:
            return self.http.failed(classify.Failure(ErrorCode.CONFIG_ERROR, True, f"Configuration WaChap {region.capitalize()} incomplète (WACHAP_{region.upper()}_ACCESS_TOKEN / _INSTANCE_ID)"), route=region)
        if not instance.active:
            return self.http.failed(classify.Failure(ErrorCode.CONFIG_ERROR, True, f"Instance WaChap {region.capitalize()} désactivée (WACHAP_{region.upper()}_ACTIVE)"), route=region)
        payload = {
            "number": phones.normalize(message.phone_number).lstrip("+"),
            "type": "text",
            "message": message.text,
            "instance_id": instance.instance_id,
            "access_token": instance.access_token,
        }
        answer = self.http.request("POST", f"{self.base_url}/send", label, json=payload)
        if isinstance(answer, classify.Failure):
            return self.http.failed(answer, route=region)
        return self._read(answer, region, label)

    def _read(self, answer: Answer, region: str, label: str) -> SendOutcome:
        if not 200 <= answer.status < 300:
            return self.http.failed(classify.from_status(answer.status, answer.reason, answer.text, label, answer.retry_after), route=region, answer=answer)
        if not isinstance(answer.data, dict):
            return self.http.failed(unreadable(answer, label), route=region, answer=answer)
        if is_success(answer.data):
            return self.http.succeeded(answer, route=region, message_id=message_id(answer.data))
        return self.http.failed(classify.from_application_error(error_text(answer.data), label), route=region, answer=answer)

    def check(self) -> list[CheckResult]:
        results = []
        for instance in self.settings.wachap_instances:
            target = f"WaChap {instance.region}"
            if not instance.configured:
                if instance.access_token or instance.instance_id:
                    results.append(CheckResult(target, False, "incomplete: an access token and an instance id are both needed"))
                continue
            if not instance.active:
                results.append(CheckResult(target, False, f"disabled (WACHAP_{instance.region.upper()}_ACTIVE)"))
                continue
            results.append(self._check_instance(instance))
        if not results:
            results.append(CheckResult("WaChap", False, "no instance is configured"))
        return results

    def _check_instance(self, instance: WaChapInstance) -> CheckResult:
        target = f"WaChap {instance.region}"
        params = {"instance_id": instance.instance_id, "access_token": instance.access_token}
        answer = self.http.request("GET", f"{self.base_url}/get_qrcode", target, params=params, timeout=CHECK_TIMEOUT)
        if isinstance(answer, classify.Failure):
            return CheckResult(target, False, self.http.scrub(answer.message))
        if not 200 <= answer.status < 300:
            return CheckResult(target, False, self.http.scrub(f"HTTP {answer.status} {answer.reason} — {classify.excerpt(answer.text, 160)}"))
        if isinstance(answer.data, dict) and str(answer.data.get("status", "")).lower() in ("error", "failed"):
            return CheckResult(target, False, self.http.scrub(classify.excerpt(error_text(answer.data), 160)))
        detail = error_text(answer.data) if isinstance(answer.data, dict) else "answered"
        return CheckResult(target, True, self.http.scrub(f"reachable ({answer.elapsed_ms:.0f} ms): {classify.excerpt(detail, 120)}"))

    def close(self) -> None:
        self.http.close()


def _endpoint(region: str) -> Endpoint:
    return Endpoint(f"wachap:{region}", f"WaChap {region}")
