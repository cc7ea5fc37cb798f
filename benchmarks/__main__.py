"""Benchmark harness: `python -m benchmarks [--workdir DIR] [--units N] [--scale N] [--repeats R]
[--corpus office|patched]`.

The intake and scale runs read a corpus made the way offices make one (benchmarks.corpus:
workbooks written by openpyxl, some re-saved by LibreOffice as .xlsx and .xls, free file names,
unit names written as people write them); `--corpus patched` uses the older, faster-to-make
files patched from one zip (benchmarks.generate), named after unit codes.

Each measurement runs the real command in a fresh subprocess, `repeats` times, and keeps the
median; ratios are computed from medians measured in this one run (the machine is shared and
noisy, so absolute times drift; ratios are what the targets are about). Prints a table and writes
the figures as JSON into the work folder."""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import corpus
from benchmarks.generate import ROOT, generate, write_units

PY = sys.executable
NAIVE = """
import sys, pathlib, warnings, pandas as pd
warnings.simplefilter("ignore")
frames = []
for p in sorted(pathlib.Path(sys.argv[1]).iterdir()):
    if p.suffix not in (".xlsx", ".xls"):
        continue
    sheets = pd.read_excel(p, sheet_name=None, header=None,
                           engine="openpyxl" if p.suffix == ".xlsx" else "xlrd")
    frames.extend(df.assign(_file=p.name, _sheet=name) for name, df in sheets.items())
print(len(pd.concat(frames)))
"""
RENDER_ONLY = """
import sys
from pathlib import Path
from weasyprint import HTML
from report_gen.outputs.pdf_render import ASSETS, AssetsOnlyFetcher
html = Path(sys.argv[1]).read_text(encoding="utf-8")
HTML(string=html, base_url=ASSETS.as_uri() + "/",
     url_fetcher=AssetsOnlyFetcher(allowed_protocols=["file"])).write_pdf(sys.argv[2])
"""
PEAK = """
import resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)
"""


def cli(*args: str) -> list[str]:
    return [PY, "-m", "report_gen", *args]


def timed(cmd: list[str], cwd: Path, repeats: int, setup=None) -> list[float]:
    times = []
    for _ in range(repeats):
        if setup:
            setup()
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return times


def peak(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak resident MB) of one run of cmd and its children."""
    out = subprocess.run([PY, "-c", PEAK, *cmd], cwd=cwd, capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024


CORPUS = "office"


def workfolder(workdir: Path, n: int) -> Path:
    """A work folder with n units' files in 2012/, their unit list and a report_gen.toml."""
    if CORPUS == "office":
        folder = workdir / f"corpus_{n}"
        corpus.generate(n, folder)
    else:
        folder = workdir / f"units_{n}"
        generate(n, folder / "2012")
        write_units(n, folder / "units.toml")
    (folder / "report_gen.toml").write_text('[data]\nunits = "units.toml"\n', encoding="utf-8")
    return folder


def clear_cache(folder: Path) -> None:
    """Everything an earlier run left: the re-run cache, the history store, the outputs (a
    feedback page already written with the same text is not written again)."""
    for name in (".report_gen_cache", "report_gen.sqlite", "report_gen.sqlite-wal",
                 "report_gen.sqlite-shm", "out"):
        p = folder / name
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()


def measure_intake(workdir: Path, n: int, repeats: int) -> dict:
    folder = workfolder(workdir, n)
    naive = timed([PY, "-c", NAIVE, str(folder / "2012")], folder, repeats)
    ours = timed(cli("check", "2012", "--year", "2012", "--no-cache"), folder, repeats,
                 setup=lambda: clear_cache(folder))
    return {"files": n, "naive_s": statistics.median(naive), "check_s": statistics.median(ours),
            "ratio": statistics.median(naive) / statistics.median(ours), "target": ">= 15"}


def measure_overhead(workdir: Path, repeats: int) -> dict:
    folder = workdir / "sample"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(ROOT / "sample_inputs" / "2012", folder / "2012")
    build = timed(cli("build", "2012", "--year", "2012", "--out", "out"), folder, repeats,
                  setup=lambda: clear_cache(folder) or shutil.rmtree(folder / "out", True))
    html = folder / "print.html"
    subprocess.run([PY, "-c", _DUMP_PRINT_HTML, str(folder / "2012"), str(html)], check=True)
    render = timed([PY, "-c", RENDER_ONLY, str(html), str(folder / "render_only.pdf")], folder,
                   repeats)
    return {"build_s": statistics.median(build), "weasyprint_only_s": statistics.median(render),
            "ratio": statistics.median(build) / statistics.median(render), "target": "<= 1.3"}


_DUMP_PRINT_HTML = """
import sys
from pathlib import Path
from report_gen.config import load_settings
from report_gen.pipeline import consolidate
from report_gen.outputs.html import render
cons = consolidate(Path(sys.argv[1]), 2012, load_settings())
Path(sys.argv[2]).write_text(render(cons).print_html, encoding="utf-8")
"""


def measure_rerun(workdir: Path, repeats: int) -> dict:
    folder = workdir / "rerun"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(ROOT / "sample_inputs" / "2012", folder / "2012")
    cmd = cli("build", "2012", "--year", "2012", "--out", "out")
    first, second = [], []
    for _ in range(repeats):
        clear_cache(folder)
        shutil.rmtree(folder / "out", ignore_errors=True)
        first += timed(cmd, folder, 1)
        second += timed(cmd, folder, 1)
    return {"first_s": statistics.median(first), "second_s": statistics.median(second),
            "ratio": statistics.median(first) / statistics.median(second), "target": ">= 3"}


def measure_scale(workdir: Path, n: int, small: int, repeats: int) -> dict:
    """check and build over n units' files, and the time per file against `small` units'
    (the same corpus, smaller): intake should not grow with the number of units."""
    base = workfolder(workdir, small)
    folder = workfolder(workdir, n)
    check = cli("check", "2012", "--year", "2012", "--no-cache")
    small_s = statistics.median(timed(check, base, repeats, setup=lambda: clear_cache(base)))
    clear_cache(folder)
    check_s, check_mb = peak(check, folder)
    clear_cache(folder)
    build_s, build_mb = peak(cli("build", "2012", "--year", "2012", "--out", "out"), folder)
    pdf = folder / "out" / "bao_cao_2012.pdf"
    per_small, per_large = small_s / small * 1000, check_s / n * 1000
    return {"units": n, "check_s": check_s, "check_peak_mb": check_mb, "build_s": build_s,
            "build_peak_mb": build_mb, "pdf_kb": pdf.stat().st_size / 1024 if pdf.exists() else None,
            f"ms_per_file_{small}": per_small, f"ms_per_file_{n}": per_large,
            "ratio": per_large / per_small,
            "target": "per file <= 1.3x; check < 60 s and < 1024 MB; build < 180 s"}


def main() -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    ap.add_argument("--workdir", type=Path, default=ROOT / ".bench")
    ap.add_argument("--units", type=int, default=1000, help="workbooks for the intake ratio")
    ap.add_argument("--scale", type=int, default=10000, help="units for the scale run (0: skip)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--only", choices=["intake", "overhead", "rerun", "scale"], action="append")
    ap.add_argument("--corpus", choices=["office", "patched"], default="office",
                    help="files made as offices make them (default), or patched from one zip")
    args = ap.parse_args()
    global CORPUS
    CORPUS = args.corpus
    args.workdir.mkdir(parents=True, exist_ok=True)
    env_path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    os.environ["PYTHONPATH"] = env_path
    # An installed package has its bytecode compiled (pip does it; the naive path's pandas has
    # it); a checkout run where writing bytecode is off (PYTHONDONTWRITEBYTECODE) would compile
    # report_gen's sources on every run and measure that instead.
    compileall.compile_dir(ROOT / "report_gen", quiet=1)
    todo = args.only or ["intake", "overhead", "rerun", "scale"]
    results: dict[str, dict] = {}
    if "intake" in todo:
        results["intake"] = measure_intake(args.workdir, args.units, args.repeats)
    if "overhead" in todo:
        results["overhead"] = measure_overhead(args.workdir, args.repeats)
    if "rerun" in todo:
        results["rerun"] = measure_rerun(args.workdir, args.repeats)
    if "scale" in todo and args.scale:
        results["scale"] = measure_scale(args.workdir, args.scale, args.units, args.repeats)
    results["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                          "corpus": args.corpus,
                          "when": time.strftime("%Y-%m-%d %H:%M:%S")}
    out = args.workdir / "results.json"
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    _print(results)
    print(f"\nJSON: {out}")
    return 0


def _print(results: dict) -> None:
    from rich.console import Console
    from rich.table import Table
    t = Table(title="report-gen benchmarks (medians; ratios from this run)")
    t.add_column("measurement")
    t.add_column("figures")
    t.add_column("ratio")
    t.add_column("target")
    for name, r in results.items():
        if name == "machine":
            continue
        figures = ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}"
                            for k, v in r.items() if k not in ("ratio", "target"))
        ratio = f"{r['ratio']:.2f}" if "ratio" in r else ""
        t.add_row(name, figures, ratio, r.get("target", ""))
    Console().print(t)


if __name__ == "__main__":
    raise SystemExit(main())
