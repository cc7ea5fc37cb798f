"""Mutation testing of the core modules with mutmut 2 (`make mutate`; not in CI: it takes tens of
minutes).

Each module is mutated with only the tests that cover it (`-x`: a mutant is killed at the first
failing test), in a copy of the checkout made in a temporary folder (one per module, with its own
mutmut cache), so that a mutant left on disk by an interrupted run can never end up in the
working tree or a commit. At the end it
prints, per module, the mutants, how many the tests killed and the score, then each survivor
(file:line and the mutated line) for a person to judge: kill it with a test or call it
equivalent (README, "Mutation testing").

    python tools/mutate.py                      # the default modules
    python tools/mutate.py report_gen/aggregate.py report_gen/review/prose.py
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# module -> the fast tests that cover it, the quickest killers first.
TESTS: dict[str, tuple[str, ...]] = {
    "report_gen/intake/numbers.py": ("tests/test_intake_numbers.py",
                                     "tests/test_intake_numbers_edges.py",
                                     "tests/test_intake_numbers_pinned.py",
                                     "tests/test_intake_hostile_files.py"),
    "report_gen/intake/labels.py": ("tests/test_intake_labels_edges.py",
                                    "tests/test_intake_labels.py"),
    "report_gen/intake/legacy.py": ("tests/test_intake_legacy.py", "tests/test_oracle_vni.py",
                                    "tests/test_intake_legacy_edges.py",
                                    "tests/test_oracle_tcvn3.py"),
    "report_gen/checks/rules.py": ("tests/test_checks_rules.py", "tests/test_checks_rules_edges.py",
                                   "tests/test_oracle_province_null.py"),
    "report_gen/aggregate.py": ("tests/test_aggregate_coverage.py",
                                "tests/test_oracle_province_null.py"),
    "report_gen/outputs/jsonout.py": ("tests/test_outputs_json_contract.py",
                                      "tests/test_oracle_province_null.py"),
    "report_gen/intake/archive_check.py": ("tests/test_intake_archive_limits.py",
                                           "tests/test_intake_guard_fast_path.py",
                                           "tests/test_intake_archive_boundaries.py",
                                           "tests/test_intake_guard_inflate.py",
                                           "tests/test_oracle_zip_ratio.py",
                                           "tests/test_intake_hostile_files.py"),
    "report_gen/review/prose.py": ("tests/test_review_prose_units.py",),
}
DEFAULT = tuple(TESTS)

# mutmut 2's statuses (its cache column `status`). "Suspicious" is a mutant the tests killed,
# only slowly; a timeout is one that made them hang (killed too: an endless loop is caught).
KILLED, SURVIVED, TIMEOUT, SUSPICIOUS = "ok_killed", "bad_survived", "bad_timeout", "ok_suspicious"

_SKIP = shutil.ignore_patterns(".git", ".venv", "out", "mutants", ".mutmut-cache", ".hypothesis",
                               "__pycache__", "*.egg-info", ".pytest_cache")


@dataclass(frozen=True)
class Score:
    module: str
    total: int
    killed: int  # killed by a failing test (quickly or slowly), or by a timeout
    survivors: tuple[tuple[int, str], ...]  # (line number, the original line) per survivor

    @property
    def percent(self) -> float:
        return 100.0 * self.killed / self.total if self.total else 100.0


def copy_checkout(dest: Path) -> Path:
    """The checkout without its VCS data, venv and outputs."""
    shutil.copytree(ROOT, dest, ignore=_SKIP)
    return dest


def run_module(work: Path, module: str) -> None:
    tests = " ".join(TESTS[module])
    runner = f"{sys.executable} -m pytest -x -q -p no:cacheprovider {tests}"
    subprocess.run([sys.executable, "-m", "mutmut", "run", "--paths-to-mutate", module,
                    "--tests-dir", "tests", "--runner", runner, "--simple-output",
                    "--no-progress", "--CI"],
                   cwd=work, check=True, env={**os.environ, "PYTHONPATH": str(work)})


def scores(work: Path, modules: list[str]) -> list[Score]:
    """Read from mutmut's cache (an sqlite file) rather than parsed from its console output."""
    db = sqlite3.connect(work / ".mutmut-cache")
    out = []
    for module in modules:
        rows = db.execute(
            "SELECT l.line_number, l.line, m.status FROM Mutant m JOIN Line l ON m.line = l.id "
            "JOIN SourceFile f ON l.sourcefile = f.id WHERE f.filename = ? "
            "ORDER BY l.line_number, m.`index`", (module,)).fetchall()
        killed = sum(1 for _n, _l, s in rows if s in (KILLED, SUSPICIOUS, TIMEOUT))
        survivors = tuple((n + 1, line.strip()) for n, line, s in rows if s == SURVIVED)
        out.append(Score(module, len(rows), killed, survivors))
    db.close()
    return out


def survivor_diffs(work: Path) -> str:
    """Every survivor's diff, as `mutmut show` prints it."""
    ids = subprocess.run([sys.executable, "-m", "mutmut", "result-ids", "survived"], cwd=work,
                         capture_output=True, text=True, check=True).stdout.split()
    return "\n".join(subprocess.run([sys.executable, "-m", "mutmut", "show", i], cwd=work,
                                    capture_output=True, text=True, check=True).stdout
                     for i in ids)


def table(results: list[Score]) -> str:
    lines = [f"{'module':40} {'mutants':>8} {'killed':>7} {'%':>6}"]
    for s in results:
        lines.append(f"{s.module:40} {s.total:8} {s.killed:7} {s.percent:6.1f}")
    total = sum(s.total for s in results)
    killed = sum(s.killed for s in results)
    lines.append(f"{'total':40} {total:8} {killed:7} {100.0 * killed / max(total, 1):6.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", default=list(DEFAULT),
                        help=f"modules to mutate, among: {', '.join(TESTS)}")
    parser.add_argument("--diffs", type=Path, help="write every survivor's diff to this file")
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in TESTS]
    if unknown:
        parser.error(f"no test selection for {', '.join(unknown)}")
    results, diffs, failed = [], [], []
    for module in args.modules:
        print(f"== {module}: {' '.join(TESTS[module])}", flush=True)
        # each module in its own copy, with its own mutmut cache
        with tempfile.TemporaryDirectory(prefix="report-gen-mutate-") as tmp:
            work = copy_checkout(Path(tmp) / "checkout")
            try:
                run_module(work, module)
            except subprocess.CalledProcessError as exc:
                failed.append(module)
                print(f"mutmut failed on {module} (exit {exc.returncode})", flush=True)
                continue
            score = scores(work, [module])[0]
            results.append(score)
            if args.diffs:
                diffs.append(survivor_diffs(work))
        print(table([score]).splitlines()[1], flush=True)
    if args.diffs:
        args.diffs.write_text("\n".join(diffs), encoding="utf-8")
    print()
    print(table(results))
    for s in results:
        for line_number, line in s.survivors:
            print(f"survived {s.module}:{line_number}: {line}")
    for module in failed:
        print(f"not measured (mutmut failed): {module}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
