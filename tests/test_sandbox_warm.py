"""report_gen.sandbox.warm: modules imported in the background while the workers read, never
half-imported across a fork."""

from __future__ import annotations

import os
import sys
import textwrap

import pytest

from report_gen.sandbox import warm


@pytest.fixture
def slow_module(tmp_path, monkeypatch):
    """A module that takes 0.3 s to import and records the thread that imported it."""
    name = f"slow_mod_{os.getpid()}_{id(tmp_path)}"
    (tmp_path / f"{name}.py").write_text(textwrap.dedent("""
        import threading, time
        time.sleep(0.3)
        IMPORTED_BY = threading.current_thread().name
        DONE = True
    """), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_the_module_is_imported_by_a_background_thread(slow_module):
    before = sys.getswitchinterval()
    warm.warm((slow_module,))
    assert sys.getswitchinterval() == 0.0005  # the main thread answers workers quickly meanwhile
    warm.wait()
    assert sys.modules[slow_module].IMPORTED_BY == "report-gen-warm"
    assert sys.getswitchinterval() == before  # restored once the import is done


def test_a_module_already_imported_starts_no_thread(monkeypatch):
    started = []
    monkeypatch.setattr(warm.threading, "Thread", lambda *a, **k: started.append(a) or None)
    warm.warm(("os", "sys"))
    assert started == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_fork_waits_for_the_import_to_finish(slow_module):
    """Forked while the thread is inside the import: the child must find the module whole (a
    half-imported module would stay locked in the child, whose only thread is the forking one)."""
    warm.warm((slow_module,))
    assert slow_module not in sys.modules or not hasattr(sys.modules[slow_module], "DONE")
    pid = os.fork()
    if pid == 0:  # the child: exit 0 only when the module is there, complete
        mod = sys.modules.get(slow_module)
        os._exit(0 if mod is not None and getattr(mod, "DONE", False) else 3)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_module_that_fails_to_import_is_left_to_the_caller(tmp_path, monkeypatch):
    (tmp_path / "broken_mod_for_warm.py").write_text("raise ValueError('boom')\n",
                                                     encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = sys.getswitchinterval()
    warm.warm(("broken_mod_for_warm",))
    warm.wait()
    assert "broken_mod_for_warm" not in sys.modules
    assert sys.getswitchinterval() == before
    with pytest.raises(ValueError, match="boom"):
        import broken_mod_for_warm  # noqa: F401


def test_the_pipeline_starts_reading_before_pandas_is_imported():
    """pandas (0.3 s to import) is only needed to aggregate: report_gen.pipeline does not import
    it, so the workers are started first and it is imported while they read."""
    import subprocess
    code = ("import sys, report_gen.pipeline, report_gen.cli.check; "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
