"""The sandbox provider in a process of its own, as a real provider is another machine: in the
benchmark's process its threads would compete for the interpreter lock with the code measured
(the GUI thread, or the retry run's senders) and count as that code's cost."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def sandbox_process(latency: float = 0.1, kind: str = "wachap") -> Iterator[dict[str, str]]:
    """A sandbox answering after ``latency`` seconds for the block; the environment variables
    that point waadmin's provider settings at it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "waadmin.providers.sandbox", "--port", str(port), "--latency", str(latency), "--kind", kind]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        yield _exports(process)
    finally:
        process.terminate()
        process.wait(10)


def _exports(process: subprocess.Popen[str]) -> dict[str, str]:
    """The provider settings the sandbox prints as `export KEY='value'` lines, up to an empty line."""
    assert process.stdout is not None
    found: dict[str, str] = {}
    for line in process.stdout:
        if not line.strip() and found:
            break
        if line.startswith("export "):
            key, _, value = line[len("export "):].strip().partition("=")
            found[key] = value.strip("'")
    if not found:
        raise SystemExit("the sandbox provider did not start")
    return found
