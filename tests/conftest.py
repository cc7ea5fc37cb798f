"""Shared fixtures. Tests call the library API (report_gen.pipeline) directly; helpers and
generators of test workbooks are in tests/support/."""

from __future__ import annotations

import json

import pytest

from report_gen.config import load_settings
from tests.support.paths import ROOT, SAMPLES  # noqa: F401 - some tests import SAMPLES from here


@pytest.fixture(scope="session")
def settings():
    return load_settings(config=None, workdir=ROOT / "tests")


@pytest.fixture(scope="session")
def ctx(settings):
    """What the intake needs to read one 2012 submission."""
    from report_gen.intake.submission import IntakeContext
    return IntakeContext(year=2012, catalogue=settings.catalogue, units=settings.units)


@pytest.fixture(scope="session")
def cons2011(settings):
    """The 2011 sample consolidated once for the whole session (the year before 2012)."""
    from report_gen.pipeline import consolidate
    return consolidate(SAMPLES / "2011", 2011, settings)


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
