"""Realistic demo data: a month of account, OTP and parcel messages to China and Mali, in every
status, with the errors and webhook logs a real month produces. Deterministic for a seed."""

from __future__ import annotations

import random
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from waadmin.db.database import Database
from waadmin.db.inserts import attempt_values, insert_attempts, insert_webhooks
from waadmin.db.models import CustomUser
from waadmin.db.schema import ensure_user_table
from waadmin.domain import backoff
from waadmin.domain.clock import utcnow
from waadmin.domain.error_codes import ErrorCode
from waadmin.domain.messages import N_
from waadmin.domain.statuses import Status
from waadmin.engine.progress import Progress, ProgressCallback, no_progress

MALI_FIRST = ["Amadou", "Fatoumata", "Moussa", "Aïssata", "Ibrahim", "Mariam", "Oumar", "Kadiatou", "Seydou", "Awa", "Bakary", "Djeneba"]
MALI_LAST = ["Traoré", "Coulibaly", "Diarra", "Keïta", "Touré", "Sangaré", "Konaté", "Diallo", "Cissé", "Sidibé"]
CHINA_FIRST = ["Wei", "Li", "Fang", "Jun", "Mei", "Hao", "Xin", "Lei"]
CHINA_LAST = ["Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu"]

SOURCE_APPS = [("agent_chine", 35), ("agent_mali", 30), ("admin_chine", 8), ("admin_mali", 7), ("client_app", 10), ("notifications_app", 7), ("system", 3)]

# (type, category, priority, max_attempts, weight, title)
KINDS = [
    ("colis_status", "colis_arrive", 3, 3, 26, "Colis arrivé"),
    ("colis_status", "colis_en_transit", 3, 3, 14, "Colis en transit"),
    ("colis_status", "colis_livre", 3, 3, 10, "Colis livré"),
    ("lot_status", "lot_expedie", 3, 3, 8, "Lot expédié"),
    ("notification", "general", 3, 3, 8, "Information"),
    ("delivery", "livraison_programmee", 2, 3, 6, "Livraison programmée"),
    ("account", "creation_compte", 2, 5, 6, "Création de compte"),
    ("credentials", "client_creation", 1, 5, 6, "Vos identifiants"),
    ("otp", "login_code", 1, 3, 8, "Code de connexion"),
    ("report", "rapport_journalier", 4, 3, 3, "Rapport journalier"),
    ("marketing", "promo", 5, 2, 3, "Offre spéciale"),
    ("urgent", "incident", 1, 5, 1, "Urgent"),
    ("system", "maintenance", 4, 3, 1, "Maintenance"),
]

FAILURES = [
    (ErrorCode.TIMEOUT, "TIMEOUT - WaChap Mali: délai dépassé après 15000 ms", False, 30),
    (ErrorCode.HTTP_5XX, "Erreur WaChap Mali: 503 - Service Unavailable", False, 20),
    (ErrorCode.NETWORK_ERROR, "NETWORK_ERROR - Connexion impossible à wachap.app", False, 12),
    (ErrorCode.INVALID_NUMBER, "Numéro invalide: {phone} n'est pas sur WhatsApp", True, 18),
    (ErrorCode.CONFIG_ERROR, "Instance WaChap Chine désactivée", True, 5),
    (ErrorCode.APP_ERROR, "Erreur WaChap Chine (200/app): instance disconnected, session {session}", False, 10),
    (ErrorCode.WACHAP_ERROR, "Erreur WaChap Mali: 500 - Internal error ref {session}", False, 5),
]


@dataclass(frozen=True)
class DemoSummary:
    attempts: int
    users: int
    webhooks: int


def _weighted(rng: random.Random, items: list[tuple[Any, ...]], weight_index: int) -> tuple[Any, ...]:
    return rng.choices(items, weights=[item[weight_index] for item in items])[0]


def _mali_phone(rng: random.Random) -> str:
    return "+223" + rng.choice("5679") + "".join(rng.choice(string.digits) for _ in range(7))


def _china_phone(rng: random.Random) -> str:
    return "+861" + rng.choice("3589") + "".join(rng.choice(string.digits) for _ in range(9))


def _tracking(rng: random.Random) -> str:
    return "TS" + "".join(rng.choice(string.digits) for _ in range(8))


def _body(rng: random.Random, message_type: str, name: str, phone: str) -> str:
    tracking = _tracking(rng)
    if message_type == "credentials" or message_type == "account":
        password = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(8))
        return (
            f"Bonjour {name}, votre compte TS Air Cargo est prêt.\n"
            f"Identifiant: {phone}\nMot de passe temporaire: {password}\n"
            "Changez-le à la première connexion."
        )
    if message_type == "otp":
        return f"TS Air Cargo: votre code de connexion est {rng.randint(100000, 999999)}. Il expire dans 10 minutes."
    if message_type == "colis_status":
        where = rng.choice(["Bamako", "Guangzhou", "Kayes", "Yiwu", "Sikasso"])
        return f"Bonjour {name}, votre colis {tracking} est arrivé à {where}. Présentez ce numéro au retrait."
    if message_type == "lot_status":
        return f"Le lot L{rng.randint(100, 999)} a quitté Guangzhou. Arrivée prévue à Bamako dans {rng.randint(5, 12)} jours."
    if message_type == "delivery":
        return f"Bonjour {name}, la livraison de votre colis {tracking} est prévue demain entre 9h et 12h."
    if message_type == "marketing":
        return "TS Air Cargo: -15% sur le fret aérien Chine → Mali ce mois-ci !"
    if message_type == "report":
        return f"Rapport du jour: {rng.randint(20, 90)} colis reçus, {rng.randint(10, 60)} livrés."
    if message_type == "urgent":
        return "Incident: retard du vol CZ6091, les colis du lot L512 arriveront avec 48 h de retard."
    if message_type == "system":
        return "Maintenance prévue cette nuit de 2h à 3h (heure de Bamako)."
    return f"Bonjour {name}, merci d'utiliser TS Air Cargo."


def _people(rng: random.Random, count: int) -> list[dict[str, Any]]:
    people = []
    seen: set[str] = set()
    while len(people) < count:
        chinese = rng.random() < 0.3
        phone = _china_phone(rng) if chinese else _mali_phone(rng)
        if phone in seen:
            continue
        seen.add(phone)
        first = rng.choice(CHINA_FIRST if chinese else MALI_FIRST)
        last = rng.choice(CHINA_LAST if chinese else MALI_LAST)
        people.append({"first_name": first, "last_name": last, "telephone": phone, "chinese": chinese})
    return people


def generate_attempts(count: int, *, days: int = 30, now: datetime | None = None, seed: int = 7, people: list[dict[str, Any]] | None = None) -> Iterator[dict[str, Any]]:
    """Attempt rows as dicts of column values, oldest first."""
    rng = random.Random(seed)
    now = now or utcnow()
    people = people or _people(rng, max(50, count // 20))
    span = timedelta(days=days).total_seconds()
    offsets = sorted(rng.random() * span for _ in range(count))
    for index, offset in enumerate(reversed(offsets)):
        created = now - timedelta(seconds=offset)
        age = now - created
        person = rng.choice(people)
        kind = _weighted(rng, KINDS, 4)
        message_type, category, priority, max_attempts, _, title = kind
        source_app = _weighted(rng, SOURCE_APPS, 1)[0]
        phone = person["telephone"]
        if rng.random() < 0.01:
            phone = rng.choice(["+223 7x 12 34", "0000", "+86abc1234567"])  # typed by hand, never dialable
        region = "chine" if person["chinese"] else "mali"
        if message_type in ("otp", "system", "account"):
            region = rng.choice(["system", region])
        if rng.random() < 0.15:
            region = None
        name = f"{person['first_name']} {person['last_name']}"
        row: dict[str, Any] = {
            "user_id": person.get("id"),
            "phone_number": phone[:20],
            "source_app": source_app,
            "message_type": message_type,
            "category": category,
            "priority": priority,
            "title": title,
            "message_content": _body(rng, message_type, name, phone),
            "max_attempts": max_attempts,
            "created_at": created,
            "sender_role": source_app if source_app.startswith(("agent", "admin")) else "system",
            "region_override": region,
            "context_data": {"client_id": person.get("id") or rng.randint(1, 5000), "tracking": _tracking(rng), "demo": True},
        }
        row.update(_outcome(rng, row, created, age, now, index))
        yield row


def _outcome(rng: random.Random, row: dict[str, Any], created: datetime, age: timedelta, now: datetime, index: int) -> dict[str, Any]:
    max_attempts = row["max_attempts"]
    roll = rng.random()
    recent = age < timedelta(minutes=30)
    if recent and roll < 0.08:
        return {"status": Status.PENDING}
    if age < timedelta(hours=3) and roll < 0.01:
        started = created + timedelta(seconds=2)
        return {"status": Status.SENDING, "attempt_count": 1, "first_attempt_at": started, "last_attempt_at": started}
    failure = _weighted(rng, FAILURES, 3)
    code, template, permanent, _ = failure
    message = template.format(phone=row["phone_number"], session=rng.randint(1000, 99999))
    if not row["phone_number"].replace("+", "").isdigit():
        code, message, permanent = ErrorCode.INVALID_NUMBER, f"Numéro invalide: {row['phone_number']!r}", True
        roll = 0.99
    first = created + timedelta(seconds=rng.uniform(0.5, 4))
    if roll < 0.06 or (permanent and roll > 0.98):
        # Failed so far; waiting for its next try, or given up.
        tries = 1 if permanent else rng.randint(1, max_attempts)
        last = first + sum((backoff.retry_delay(n, 300) for n in range(1, tries)), timedelta())
        final = permanent or tries >= max_attempts
        next_retry = None if final else last + backoff.retry_delay(tries, 300)
        if next_retry is not None and next_retry < now and rng.random() < 0.5:
            next_retry = now + timedelta(minutes=rng.randint(1, 90))
        if last > now:
            last = now - timedelta(minutes=1)
        return {
            "status": Status.FAILED_FINAL if final else Status.FAILED_RETRY,
            "attempt_count": tries,
            "first_attempt_at": first,
            "last_attempt_at": last,
            "next_retry_at": next_retry,
            "error_code": code,
            "error_message": message,
            "provider_response": {"result": message, "timestamp": last.isoformat()},
        }
    if roll < 0.07:
        return {"status": Status.CANCELLED}
    tries = 1 if rng.random() < 0.9 else 2
    last = first if tries == 1 else first + backoff.retry_delay(1, 300)
    sent = last + timedelta(seconds=rng.uniform(0.3, 3.0))
    if sent > now:
        sent = now
    result: dict[str, Any] = {
        "status": Status.SENT,
        "attempt_count": tries,
        "first_attempt_at": first,
        "last_attempt_at": last,
        "sent_at": sent,
        "provider_message_id": f"wamid.DEMO{index:07d}{rng.randint(100, 999)}",
        "provider_response": {"result": "Message envoyé via WaChap", "timestamp": sent.isoformat()},
    }
    later = rng.random()
    delivered = sent + timedelta(seconds=rng.uniform(2, 600))
    if delivered < now and later < 0.75:
        result["status"] = Status.DELIVERED
        result["delivered_at"] = delivered
        if later < 0.35:
            result["status"] = Status.READ
    return result


def load_demo(
    database: Database,
    count: int = 5000,
    *,
    days: int = 30,
    seed: int = 7,
    with_users: bool = True,
    force: bool = False,
    now: datetime | None = None,
    progress: ProgressCallback = no_progress,
) -> DemoSummary:
    """Fill a database with demo data. Refuses a database that already has attempts unless
    ``force``: demo rows have no place among real customers' messages."""
    if count < 1 or count > 5_000_000:
        raise ValueError(N_("The number of demo attempts must be between 1 and 5,000,000."))
    a = database.layout.attempt
    with database.read() as conn:
        existing = int(conn.execute(select(func.count()).select_from(a)).scalar_one())
    if existing and not force:
        raise ValueError(N_("This database already holds {count} attempts; demo data goes in an empty database (use --force to add anyway).").format(count=existing))
    now = now or utcnow()
    rng = random.Random(seed)
    people = _people(rng, max(50, min(count // 20, 5000)))
    users = 0
    # An empty user table is one waadmin laid out; real users are only joined with --force.
    if with_users and (database.has_users or ensure_user_table(database)) and (force or not _has_any_user(database)):
        users = _insert_people(database, people, now)
    rows = generate_attempts(count, days=days, now=now, seed=seed, people=people)
    insert_attempts(database, _reporting(rows, count, progress), returning_ids=False)
    webhooks = _demo_webhooks(database, rng, now)
    progress(Progress(count, count, "webhook logs"))
    return DemoSummary(count, users, webhooks)


def _reporting(rows: Iterable[dict[str, Any]], total: int, progress: ProgressCallback, every: int = 500) -> Iterator[dict[str, Any]]:
    for done, row in enumerate(rows, start=1):
        yield row
        if done % every == 0:
            # Rows are generated as the inserts consume them, so this tracks the writing.
            progress(Progress(done, total, "attempts"))


def _has_any_user(database: Database) -> bool:
    with database.read() as conn:
        return conn.execute(select(CustomUser.id).limit(1)).first() is not None


def _insert_people(database: Database, people: list[dict[str, Any]], now: datetime) -> int:
    with database.write("add demo users") as conn:
        existing = set(conn.execute(select(CustomUser.telephone)).scalars())
        for person in people:
            if person["telephone"] in existing:
                continue
            values = {
                "password": "!",  # Django's unusable-password marker
                "last_login": None,
                "is_superuser": False,
                "first_name": person["first_name"],
                "last_name": person["last_name"],
                "email": "",
                "is_staff": False,
                "is_active": True,
                "date_joined": now - timedelta(days=90),
                "telephone": person["telephone"],
                "role": "client",
                "is_agent_chine": False,
                "is_agent_mali": False,
                "is_admin_chine": False,
                "is_admin_mali": False,
                "is_client": True,
                "has_changed_default_password": False,
            }
            person["id"] = conn.execute(insert(CustomUser).values(**values).returning(CustomUser.id)).scalar_one()
    return sum(1 for p in people if "id" in p)


def _demo_webhooks(database: Database, rng: random.Random, now: datetime) -> int:
    """Processed logs for delivered/read attempts, plus the awkward ones staff must handle:
    unprocessed reports for sent attempts, reports for unknown ids, a shared id."""
    a = database.layout.attempt
    with database.read() as conn:
        rows = conn.execute(
            select(a.id, a.status, a.provider_message_id, a.delivered_at, a.sent_at)
            .where(a.provider_message_id != "")
            .order_by(a.id.desc())
            .limit(3000)
        ).all()
    logs: list[dict[str, Any]] = []
    for attempt_id, status, pid, delivered_at, sent_at in rows:
        if status in (Status.DELIVERED, Status.READ) and rng.random() < 0.5:
            logs.append(
                {
                    "message_attempt_id": attempt_id,
                    "provider_message_id": pid,
                    "webhook_type": "delivery",
                    "status": "delivered",
                    "raw_payload": {"message_id": pid, "type": "delivery", "status": "delivered"},
                    "processed": True,
                    "received_at": delivered_at or now,
                    "processed_at": delivered_at or now,
                }
            )
        elif status == Status.SENT and rng.random() < 0.08:
            at = min((sent_at or now) + timedelta(minutes=rng.randint(1, 30)), now)
            logs.append(
                {
                    "provider_message_id": pid,
                    "webhook_type": rng.choice(["delivery", "read"]),
                    "status": "delivered" if rng.random() < 0.6 else "read",
                    "raw_payload": {"message_id": pid, "status": "delivered"},
                    "processed": False,
                    "received_at": at,
                }
            )
    for n in range(5):
        pid = f"wamid.UNKNOWN{rng.randint(10000, 99999)}{n}"
        logs.append(
            {
                "provider_message_id": pid,
                "webhook_type": "delivery",
                "status": "delivered",
                "raw_payload": {"message_id": pid, "status": "delivered"},
                "processed": False,
                "received_at": now - timedelta(hours=n + 1),
                "processing_error": "",
            }
        )
    insert_webhooks(database, logs)
    return len(logs)


def demo_values_for_tests(database: Database, **fields: Any) -> dict[str, Any]:
    """One demo-like attempt row with overrides (used by the self-test)."""
    base = {"phone_number": "+22376000000", "message_content": "Bonjour, ceci est un test waadmin."}
    base.update(fields)
    return attempt_values(database.layout, base)
