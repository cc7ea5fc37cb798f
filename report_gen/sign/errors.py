"""The one error of signing a user can cause; its message is in Vietnamese."""

from __future__ import annotations


class SignError(Exception):
    """Signing refused or impossible (no build, a draft, a changed PDF, a wrong password…)."""
