"""One way to run untrusted or slow work in a child process: memory cap, time limit, crash
isolation, stderr silenced, fork where the platform has it and spawn where it does not, and one
result format (see worker.py).

- `run_all`: many tasks on all cores, in long-lived limited workers (the folder intake);
- `run_limited`: one call in a limited child (a single file read outside the pool);
- `Prestarted`: a trusted job whose set-up starts early (the PDF renderer);
- `warm`: modules the parent needs later, imported while the workers work (never across a fork).

Nothing else in report_gen starts a process."""

from report_gen.sandbox.pool import ChildFailed, default_workers, run_all, run_limited
from report_gen.sandbox.prestart import PrestartError, Prestarted
from report_gen.sandbox.worker import (CHILD_MEMORY_BYTES, CHILD_TIMEOUT_SECONDS, Limits, Outcome,
                                       Task, can_isolate, in_sandbox)

__all__ = ["CHILD_MEMORY_BYTES", "CHILD_TIMEOUT_SECONDS", "ChildFailed", "Limits", "Outcome",
           "PrestartError", "Prestarted", "Task", "can_isolate", "default_workers", "in_sandbox",
           "run_all", "run_limited"]
