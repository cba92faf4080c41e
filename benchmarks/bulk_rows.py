"""Attempt rows for a benchmark database of millions, made column by column with numpy.

The demo generator (``waadmin.engine.demo``) makes one row at a time with a dozen ``random``
calls and ``datetime`` sums: 10,000 rows/s, 17 minutes for ten million. This module draws the
same distributions (kinds, source apps, outcomes, failures, back-off delays, delivery and read
reports, 1% hand-typed phone numbers) as whole columns per batch, and formats the texts with one
list comprehension per column. Rows come oldest first, ids in creation order, as the demo's do;
every status has the timestamps and fields the state machine gives it, so the stats summary and
the search index built after the load see what they would see on real data.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from waadmin.domain import backoff
from waadmin.domain.error_codes import ErrorCode
from waadmin.domain.statuses import Status
from waadmin.engine import demo

_US = 1_000_000  # microseconds in a second: times are int64 microseconds since the epoch here
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ALNUM = np.frombuffer((string.ascii_letters + string.digits).encode(), dtype=np.uint8)
_WHERE = ["Bamako", "Guangzhou", "Kayes", "Yiwu", "Sikasso"]
_BAD_PHONES = ["+223 7x 12 34", "0000", "+86abc1234567"]  # typed by hand, never dialable
_SENT_RESULT = "Message envoyé via WaChap"


def _us(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _p(weights: Sequence[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


@dataclass(frozen=True)
class People:
    """The demo users, as arrays indexed by person."""

    phone: np.ndarray  # object: str
    name: list[str]
    user_id: np.ndarray  # int64, 0 where the person has no user row
    chinese: np.ndarray  # bool

    @classmethod
    def of(cls, people: list[dict[str, Any]]) -> People:
        return cls(
            phone=np.array([p["telephone"] for p in people], dtype=object),
            name=[f"{p['first_name']} {p['last_name']}" for p in people],
            user_id=np.array([p.get("id") or 0 for p in people], dtype=np.int64),
            chinese=np.array([p["chinese"] for p in people], dtype=bool),
        )


class Generator:
    """Batches of attempt columns spanning ``days`` before ``now``, ``total`` rows in all."""

    def __init__(self, total: int, *, now: datetime, people: list[dict[str, Any]], seed: int = 7, days: int = 30) -> None:
        self.total = total
        self.now = now
        self.now_us = _us(now)
        self.span_us = int(timedelta(days=days).total_seconds() * _US)
        self.people = People.of(people)
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        kinds = demo.KINDS
        self.kind_type = np.array([k[0] for k in kinds], dtype=object)
        self.kind_category = np.array([k[1] for k in kinds], dtype=object)
        self.kind_priority = np.array([k[2] for k in kinds], dtype=np.int64)
        self.kind_max = np.array([k[3] for k in kinds], dtype=np.int64)
        self.kind_title = np.array([k[5] for k in kinds], dtype=object)
        self.kind_p = _p([k[4] for k in kinds])
        self.source = np.array([s[0] for s in demo.SOURCE_APPS], dtype=object)
        self.source_p = _p([s[1] for s in demo.SOURCE_APPS])
        self.role = np.array([s if s.startswith(("agent", "admin")) else "system" for s in self.source], dtype=object)
        failures = demo.FAILURES
        self.fail_code = [str(f[0]) for f in failures]
        self.fail_template = [f[1] for f in failures]
        self.fail_permanent = np.array([f[2] for f in failures], dtype=bool)
        self.fail_p = _p([f[3] for f in failures])
        # Time from the first try to the last after n tries, and the wait after the n-th try.
        base = backoff.DEFAULT_BASE_SECONDS
        self.delay_us = np.array([int(backoff.retry_delay(n, base).total_seconds() * _US) for n in range(8)], dtype=np.int64)
        self.until_last_us = np.concatenate([[0, 0], np.cumsum(self.delay_us[1:7])])  # index = tries

    def starts(self, size: int) -> list[tuple[int, int]]:
        """(first row, row count) of each batch of ``size``."""
        return [(start, min(size, self.total - start)) for start in range(0, self.total, size)]

    def batches(self, size: int) -> Iterator[dict[str, list[Any]]]:
        for start, n in self.starts(size):
            yield self.batch(start, n)

    # -- one batch --------------------------------------------------------------------------

    def batch(self, start: int, n: int) -> dict[str, list[Any]]:
        """The rows from ``start`` on; each batch has its own random stream (seeded by the seed
        and its first row), so batches can be made in any order, in parallel processes, and a
        given size always gives the same data."""
        rng = self.rng = np.random.default_rng([self.seed, start])
        # This batch's slice of the time span, its rows sorted inside it: oldest first overall.
        lo = self.now_us - self.span_us + self.span_us * start // self.total
        hi = self.now_us - self.span_us + self.span_us * (start + n) // self.total
        created = np.sort(rng.integers(lo, max(hi, lo + 1), n))
        age = self.now_us - created

        person = rng.integers(0, len(self.people.name), n)
        kind = rng.choice(len(self.kind_p), n, p=self.kind_p)
        source = rng.choice(len(self.source_p), n, p=self.source_p)
        message_type = self.kind_type[kind]
        phone = self.people.phone[person].copy()
        typed = rng.random(n) < 0.01
        phone[typed] = np.array(_BAD_PHONES, dtype=object)[rng.integers(0, len(_BAD_PHONES), int(typed.sum()))]
        dialable = ~typed | (phone == "0000")  # "0000" is all digits: the demo lets it fail like any number

        region = np.where(self.people.chinese[person], "chine", "mali").astype(object)
        maybe_system = np.isin(message_type, ["otp", "system", "account"]) & (rng.random(n) < 0.5)
        region[maybe_system] = "system"
        region[rng.random(n) < 0.15] = None

        out = self._outcomes(n, created, age, kind, phone, dialable, start)
        tracking = rng.integers(0, 100_000_000, n)
        context_tracking = rng.integers(0, 100_000_000, n)
        user_id = self.people.user_id[person]
        client_id = np.where(user_id > 0, user_id, rng.integers(1, 5001, n))
        body = self._bodies(n, message_type.tolist(), person.tolist(), phone.tolist(), tracking.tolist())

        columns: dict[str, list[Any]] = {
            "user_id": [u or None for u in user_id.tolist()],
            "phone_number": [p[:20] for p in phone.tolist()],
            "source_app": self.source[source].tolist(),
            "message_type": message_type.tolist(),
            "category": self.kind_category[kind].tolist(),
            "priority": self.kind_priority[kind].tolist(),
            "title": self.kind_title[kind].tolist(),
            "message_content": body,
            "max_attempts": self.kind_max[kind].tolist(),
            "created_at": created,
            "sender_role": self.role[source].tolist(),
            "region_override": region.tolist(),
            "context_data": [
                f'{{"client_id": {c}, "tracking": "TS{t:08d}", "demo": true}}'
                for c, t in zip(client_id.tolist(), context_tracking.tolist(), strict=True)
            ],
            "retry_delay_seconds": [backoff.DEFAULT_BASE_SECONDS] * n,
            "exponential_backoff": [True] * n,
        }
        columns.update(out)
        return columns

    def _outcomes(self, n: int, created: np.ndarray, age: np.ndarray, kind: np.ndarray, phone: np.ndarray, dialable: np.ndarray, start: int) -> dict[str, Any]:
        rng = self.rng
        max_attempts = self.kind_max[kind]
        roll = rng.random(n)
        pending = (age < 30 * 60 * _US) & (roll < 0.08)
        sending = ~pending & (age < 3 * 3600 * _US) & (roll < 0.01)
        failure = rng.choice(len(self.fail_p), n, p=self.fail_p)
        permanent = self.fail_permanent[failure].copy()
        invalid_number = failure == self.fail_code.index(str(ErrorCode.INVALID_NUMBER))
        permanent[~dialable] = True
        invalid_number |= ~dialable
        roll = np.where(dialable, roll, 0.99)
        rest = ~pending & ~sending
        failed = rest & ((roll < 0.06) | (permanent & (roll > 0.98)))
        cancelled = rest & ~failed & (roll < 0.07)
        sent = rest & ~failed & ~cancelled

        first = created + rng.integers(500_000, 4_000_000, n)
        first = np.where(sending, created + 2 * _US, first)
        # Failures: tries so far, the last one's time, and the next try's (None once final).
        tries_failed = np.where(permanent, 1, rng.integers(1, max_attempts + 1))
        last_failed = first + self.until_last_us[tries_failed]
        final = permanent | (tries_failed >= max_attempts)
        next_retry = last_failed + self.delay_us[np.minimum(tries_failed, 7)]
        soon = (next_retry < self.now_us) & (rng.random(n) < 0.5)
        next_retry = np.where(soon, self.now_us + rng.integers(1, 91, n) * 60 * _US, next_retry)
        last_failed = np.where(last_failed > self.now_us, self.now_us - 60 * _US, last_failed)
        # Sends: one try (90%) or two; then the provider's delivery and read reports.
        tries_sent = np.where(rng.random(n) < 0.9, 1, 2)
        last_sent = np.where(tries_sent == 1, first, first + self.delay_us[1])
        sent_at = np.minimum(last_sent + rng.integers(300_000, 3_000_000, n), self.now_us)
        later = rng.random(n)
        delivered_at = sent_at + rng.integers(2 * _US, 600 * _US, n)
        delivered = sent & (delivered_at < self.now_us) & (later < 0.75)
        read = delivered & (later < 0.35)

        status = np.full(n, Status.SENT.value, dtype=object)
        status[pending] = Status.PENDING.value
        status[sending] = Status.SENDING.value
        status[cancelled] = Status.CANCELLED.value
        status[failed & final] = Status.FAILED_FINAL.value
        status[failed & ~final] = Status.FAILED_RETRY.value
        status[delivered] = Status.DELIVERED.value
        status[read] = Status.READ.value

        tried = sending | failed | sent
        attempt_count = np.where(failed, tries_failed, np.where(sent, tries_sent, np.where(sending, 1, 0)))
        last = np.where(failed, last_failed, np.where(sent, last_sent, first))
        none = np.int64(-1)
        out: dict[str, Any] = {
            "status": status.tolist(),
            "attempt_count": attempt_count.tolist(),
            "first_attempt_at": np.where(tried, first, none),
            "last_attempt_at": np.where(tried, last, none),
            "next_retry_at": np.where(failed & ~final, next_retry, none),
            "sent_at": np.where(sent, sent_at, none),
            "delivered_at": np.where(delivered, delivered_at, none),
        }
        sent_idx = np.flatnonzero(sent)
        ids = [""] * n
        for i, suffix in zip(sent_idx.tolist(), self.rng.integers(100, 1000, len(sent_idx)).tolist(), strict=True):
            ids[i] = f"wamid.DEMO{start + i:07d}{suffix}"
        out["provider_message_id"] = ids
        codes = [""] * n
        messages = [""] * n
        responses = ["{}"] * n
        sent_stamp = _iso(out["sent_at"])
        for i in sent_idx.tolist():
            responses[i] = f'{{"result": "{_SENT_RESULT}", "timestamp": "{sent_stamp[i]}"}}'
        failed_idx = np.flatnonzero(failed)
        last_stamp = _iso(out["last_attempt_at"])
        sessions = rng.integers(1000, 100_000, len(failed_idx)).tolist()
        phones = phone.tolist()
        for i, session in zip(failed_idx.tolist(), sessions, strict=True):
            if invalid_number[i] and not dialable[i]:
                code, message = str(ErrorCode.INVALID_NUMBER), f"Numéro invalide: {phones[i][:20]!r}"
            else:
                f = int(failure[i])
                code, message = self.fail_code[f], self.fail_template[f].format(phone=phones[i][:20], session=session)
            codes[i], messages[i] = code, message
            responses[i] = json.dumps({"result": message, "timestamp": last_stamp[i]}, ensure_ascii=False)
        out.update(error_code=codes, error_message=messages, provider_response=responses)
        return out

    def _bodies(self, n: int, types: list[str], person: list[int], phone: list[str], tracking: list[int]) -> list[str]:
        rng = self.rng
        names = self.people.name
        secrets = _ALNUM[rng.integers(0, len(_ALNUM), (n, 8))].view("S8").ravel()
        numbers = rng.integers(100000, 1000000, n).tolist()
        small = rng.integers(5, 100, n).tolist()
        where = rng.integers(0, len(_WHERE), n).tolist()
        bodies: list[str] = []
        add = bodies.append
        for i in range(n):
            t = types[i]
            if t == "colis_status":
                add(f"Bonjour {names[person[i]]}, votre colis TS{tracking[i]:08d} est arrivé à {_WHERE[where[i]]}. Présentez ce numéro au retrait.")
            elif t == "credentials" or t == "account":
                add(
                    f"Bonjour {names[person[i]]}, votre compte TS Air Cargo est prêt.\n"
                    f"Identifiant: {phone[i]}\nMot de passe temporaire: {secrets[i].decode()}\n"
                    "Changez-le à la première connexion."
                )
            elif t == "otp":
                add(f"TS Air Cargo: votre code de connexion est {numbers[i]}. Il expire dans 10 minutes.")
            elif t == "lot_status":
                add(f"Le lot L{numbers[i] // 1000} a quitté Guangzhou. Arrivée prévue à Bamako dans {small[i] % 8 + 5} jours.")
            elif t == "delivery":
                add(f"Bonjour {names[person[i]]}, la livraison de votre colis TS{tracking[i]:08d} est prévue demain entre 9h et 12h.")
            elif t == "marketing":
                add("TS Air Cargo: -15% sur le fret aérien Chine → Mali ce mois-ci !")
            elif t == "report":
                add(f"Rapport du jour: {small[i] % 71 + 20} colis reçus, {small[i] % 51 + 10} livrés.")
            elif t == "urgent":
                add("Incident: retard du vol CZ6091, les colis du lot L512 arriveront avec 48 h de retard.")
            elif t == "system":
                add("Maintenance prévue cette nuit de 2h à 3h (heure de Bamako).")
            else:
                add(f"Bonjour {names[person[i]]}, merci d'utiliser TS Air Cargo.")
        return bodies


def _iso(us: np.ndarray) -> list[str]:
    """ISO texts with the UTC offset (JSON timestamps as the demo writes them); '' for none."""
    text = np.datetime_as_string(np.where(us < 0, 0, us).astype("datetime64[us]"), unit="us")
    return [s + "+00:00" if u >= 0 else "" for s, u in zip(text.tolist(), us.tolist(), strict=True)]


def datetimes(us: np.ndarray, *, sqlite: bool) -> list[str | None]:
    """A time column as the driver takes it: SQLite gets Django's naive UTC text
    ("2025-09-01 12:00:42.323970"), PostgreSQL ISO text with the offset; -1 is NULL."""
    text = np.datetime_as_string(np.where(us < 0, 0, us).astype("datetime64[us]"), unit="us")
    if sqlite:
        chars = text.view(np.uint32).reshape(len(text), -1).copy()
        chars[:, 10] = ord(" ")  # the 'T' between date and time
        text = chars.view(text.dtype).ravel()
    values: list[str | None] = text.tolist()
    suffix = "" if sqlite else "+00"
    if (us < 0).any():
        return [None if u < 0 else s + suffix for s, u in zip(values, us.tolist(), strict=True)]
    return [s + suffix for s in values] if suffix else values
