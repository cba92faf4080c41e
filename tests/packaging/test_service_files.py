"""The systemd unit and its sample environment file say what waadmin understands: the unit's
command line parses as `waadmin worker` with --metrics on loopback, and every variable the sample
sets (or shows commented out) is one waadmin reads."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

from waadmin.cli import worker_ops
from waadmin.cli.main import build_parser
from waadmin.config import alert_channels

SYSTEMD = Path(__file__).resolve().parents[2] / "packaging" / "systemd"


def test_the_unit_runs_the_worker_with_metrics_on_loopback_and_stops_it_gently() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(SYSTEMD / "waadmin-worker.service", encoding="utf-8")
    service = unit["Service"]
    command = shlex.split(service["ExecStart"])
    assert command[0].endswith("/bin/waadmin")
    args = build_parser().parse_args(command[1:])
    assert args.command == "worker" and args.metrics == ("127.0.0.1", 9464)
    assert service["EnvironmentFile"] == "/etc/waadmin/worker.env"
    assert service["KillSignal"] == "SIGTERM" and int(service["TimeoutStopSec"]) >= 60  # sends under way finish
    assert set(service["RestartPreventExitStatus"].split()) == {"2", "3", "4"}


def test_the_sample_environment_names_only_variables_waadmin_reads() -> None:
    text = (SYSTEMD / "waadmin-worker.env").read_text(encoding="utf-8")
    names = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))
    known = set(alert_channels.ENV_NAMES) | {worker_ops.ENV_METRICS_TOKEN, "WAADMIN_DATABASE_URL", "WAADMIN_LOG_LEVEL", "USE_WACHAP_V4"}
    wachap = {n for n in names if re.fullmatch(r"WACHAP_(MALI|CHINE|SYSTEM)_(ACCESS_TOKEN|INSTANCE_ID)", n)}
    assert names - wachap <= known, names - wachap - known
    assert set(alert_channels.ENV_NAMES) <= names  # every alert setting is shown
    env = dict(re.findall(r"^#?([A-Z][A-Z0-9_]+)=(\S+)", text, flags=re.MULTILINE))
    channels = alert_channels.AlertChannels.from_env(env)
    assert channels.slack_on and channels.webhook_on and channels.email_on and channels.problems() == []
    assert channels.smtp().user == "alerts@example.com"
