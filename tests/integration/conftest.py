"""Fixtures for the integration suite: real tributary broker processes.

* `broker` (session): ONE broker shared by most tests; every test uses its own
  topics (`unique_topic`), so tests do not see each other's data.
* `fresh_broker` (function): a factory for extra, private brokers, for tests that
  kill, restart or reconfigure one. Each is stopped at the end of its test.

The binary is $TRIBUTARY_BIN (default: $CARGO_TARGET_DIR/release/tributary).
When a test fails, the tail of the log of every broker it used is added to the
failure report.
"""

import os
import shutil
import signal
import tempfile

import pytest

from common import BIN, Broker

# Brokers whose logs go into a failing test's report.
_brokers_in_use = []


@pytest.fixture(scope="session")
def broker():
    if not os.access(BIN, os.X_OK):
        pytest.exit(f"no tributary binary at {BIN}: run cargo build --release -p cli or set TRIBUTARY_BIN", 2)
    base = tempfile.mkdtemp(prefix="tributary-it-")
    b = Broker(BIN, base, name="shared broker")
    b.start()
    _brokers_in_use.append(b)
    try:
        yield b
    finally:
        _brokers_in_use.remove(b)
        code = b.stop()
        tail = b.log_tail()
        shutil.rmtree(base, ignore_errors=True)
        if code not in (0, -signal.SIGTERM):
            pytest.fail(f"the shared broker exited with {code} (crashed, or ignored SIGTERM); log tail:\n{tail}")


@pytest.fixture
def fresh_broker():
    """Factory: fresh_broker(overrides=[...]) starts a private broker; all are stopped after the test."""
    started = []
    dirs = []

    def start(overrides=(), port=None):
        base = tempfile.mkdtemp(prefix="tributary-it-fresh-")
        dirs.append(base)
        b = Broker(BIN, base, port=port, overrides=overrides, name=f"fresh broker #{len(started) + 1}")
        started.append(b)
        _brokers_in_use.append(b)
        return b.start()

    yield start
    bad = []
    for b in started:
        _brokers_in_use.remove(b)
        code = b.stop()
        if code not in (0, -signal.SIGTERM) and not b.killed:
            bad.append(f"{b.name} exited with {code} (crashed, or ignored SIGTERM); log tail:\n{b.log_tail()}")
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)
    if bad:
        pytest.fail("\n".join(bad))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for b in list(_brokers_in_use):
            state = "running" if b.alive() else f"exited with {b.proc.returncode if b.proc else None}"
            report.sections.append(
                (f"{b.name} log tail ({b.log_path}, {state})", b.log_tail())
            )
