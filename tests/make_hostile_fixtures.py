"""Moved to tests/support/make_hostile_fixtures.py. Kept only because test_intake_hostile_folder.py
still imports INJECTED from here; remove once it imports from tests.support."""

from tests.support.make_hostile_fixtures import INJECTED  # noqa: F401
