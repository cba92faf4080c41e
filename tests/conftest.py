"""Fixtures that build real things: SQLite files, a PostgreSQL server, isolated user folders."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib

from tests.support.alert_receivers import HookServer, SmtpServer  # noqa: E402
from tests.support.pg import PgServer, find_bin_dir  # noqa: E402
from tests.support.redis_server import RedisServer, find_redis_server  # noqa: E402

REQUIRE_POSTGRES = os.environ.get("WAADMIN_REQUIRE_POSTGRES", "") == "1"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="also run the tests marked slow (CI does)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    run_slow = config.getoption("--run-slow")
    if not run_slow:
        skip = pytest.mark.skip(reason="slow: run with --run-slow (CI does)")
        for item in items:
            if "slow" in item.keywords:
                item.add_marker(skip)
    _longest_files_first(items, run_slow)


def _cost(item: pytest.Item, run_slow: bool) -> float:
    """A rough guess of a test's time, in units of a common test's: a slow one is worth about
    thirty, one given a longer timeout (the bundle's build) in proportion to it."""
    if "slow" not in item.keywords:
        return 1.0
    if not run_slow:
        return 0.0
    timeout = item.get_closest_marker("timeout")
    return max(30.0, float(timeout.args[0]) / 10) if timeout and timeout.args else 30.0


def _longest_files_first(items: list[pytest.Item], run_slow: bool) -> None:
    """xdist hands out whole files (--dist loadfile) in this order (--no-loadscope-reorder): the
    longest first, so that the two workers end together instead of one building the bundle
    alone at the end. Within a file the order stays as written."""
    weight: dict[str, float] = {}
    for item in items:
        weight[item.nodeid.split("::")[0]] = weight.get(item.nodeid.split("::")[0], 0.0) + _cost(item, run_slow)
    items.sort(key=lambda item: -weight[item.nodeid.split("::")[0]])


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings, audit files and the embedded database of a test never touch the real home."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    for name in list(os.environ):
        if name.startswith(("WACHAP_", "WAADMIN_")) and name not in ("WAADMIN_REQUIRE_POSTGRES",):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("USE_WACHAP_V4", "false")
    return home


@pytest.fixture(autouse=True)
def cli_language(isolated_user_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The command line speaks French in tests (the reference's language, which cron mails and
    most assertions are in) whatever this machine's locale; a test of English, or of how the
    language is chosen, sets --lang, WAADMIN_LANG or the locale itself."""
    monkeypatch.setenv("WAADMIN_LANG", "fr")
    return "fr"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[object]:
    import keyring

    from tests.support.keyring_memory import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


_frozen_here = [0]  # what this fixture last froze (gc.get_freeze_count())


@pytest.fixture(autouse=True)
def qt_garbage_on_gui_thread() -> Iterator[None]:
    """Widgets a test leaves behind are deleted here, on the GUI thread, like the app's own
    collector does (waadmin.ui.gc_guard), instead of by a collection in some worker thread.

    What survives is then frozen out of later collections, as the app freezes what it built:
    each full collection had walked every object of every earlier test (0.1-0.3 s each on an
    idle machine, seconds on a busy one), after every test of the worker, Qt or not. When a test
    froze or unfroze anything itself (an app starting up freezes its window), all is unfrozen
    first, so that window is collected with the rest of the test's garbage."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        # Frozen objects freed since leave the count lower; only a freeze raises it.
        frozen = gc.get_freeze_count()
        if frozen > _frozen_here[0]:
            gc.unfreeze()  # what the app froze at start belongs to this test
            frozen = 0
        gc.collect()
        survivors = len(gc.get_objects())  # the ones not frozen (get_freeze_count walks them all)
        gc.freeze()
        _frozen_here[0] = frozen + survivors


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        if REQUIRE_POSTGRES:
            pytest.fail("PostgreSQL binaries not found and WAADMIN_REQUIRE_POSTGRES=1")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    server = PgServer(bin_dir)
    server.init()
    server.start()
    yield server
    server.destroy()


@pytest.fixture
def pg_url(request: pytest.FixtureRequest, pg_server: PgServer) -> Iterator[str]:
    """A new PostgreSQL database of the test's own: empty, or already holding waadmin's tables
    when the test asks for ``database`` too (which would make them on this same database)."""
    name = pg_server.create_database(with_schema="database" in request.fixturenames)
    yield pg_server.url(name)
    with contextlib.suppress(Exception):
        pg_server.drop_database(name)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A Redis the tests started (the Celery broker); required on CI like PostgreSQL."""
    binary = find_redis_server()
    if binary is None:
        if REQUIRE_POSTGRES:
            pytest.fail("redis-server not found and WAADMIN_REQUIRE_POSTGRES=1 (CI installs it: apt-get install redis-server)")
        pytest.skip("Redis is not installed (apt-get install redis-server)")
    server = RedisServer(binary)
    server.start()
    yield server
    server.destroy()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> Iterator[str]:
    redis_server.flush()
    yield redis_server.url()


@pytest.fixture
def slack() -> Iterator[HookServer]:
    """A receiver standing for Slack's incoming webhook, on loopback."""
    server = HookServer().start()
    yield server
    server.stop()


@pytest.fixture
def hook() -> Iterator[HookServer]:
    """A JSON webhook receiver on loopback (it can refuse: ``status``)."""
    server = HookServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[SmtpServer]:
    """An SMTP server with STARTTLS and a login, on loopback."""
    server = SmtpServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'attempts.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'attempts.sqlite3'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def database(db_url: str) -> Iterator[object]:
    from waadmin.db.database import open_database

    db = open_database(db_url, create=True)
    yield db
    db.dispose()
