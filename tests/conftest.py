"""Shared fixtures. Tests call the library API (report_gen.pipeline) directly; helpers and
generators of test workbooks are in tests/support/."""

from __future__ import annotations

import json

import pytest

from report_gen.config import load_settings
from tests.support.paths import ROOT, SAMPLES  # noqa: F401 - SAMPLES: some tests import it here


@pytest.fixture(scope="session")
def settings():
    return load_settings(config=None, workdir=ROOT / "tests")


@pytest.fixture(scope="session")
def built_2012(tmp_path_factory, settings):
    """The 2012 sample built once for the whole session: (consolidation, outputs)."""
    from report_gen.pipeline import build
    out = tmp_path_factory.mktemp("out2012")
    return build(SAMPLES / "2012", 2012, settings, out)


@pytest.fixture(scope="session")
def json_2012(built_2012):
    return json.loads(built_2012[1].json.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _in_tmp_cwd(tmp_path, monkeypatch):
    """Every test runs in its own working folder: the CLI's defaults (history store, re-run
    cache, out/) never touch the repository."""
    monkeypatch.chdir(tmp_path)
