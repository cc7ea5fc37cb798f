"""The library API: `check` and `build` run the pipeline stages in order:
intake -> validate -> aggregate -> writers. The CLI and the tests call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from report_gen import __version__
from report_gen.aggregate import Aggregate, aggregate, unit_values
from report_gen.config import Settings
from report_gen.intake.ingest import ACCEPTED, FileResult, IntakeContext, intake_folder
from report_gen.problems import ERROR, Problem, problem
from report_gen.validate import check_outliers, check_register, check_rules


@dataclass
class Consolidation:
    """Everything the writers need: the ledger, the figures and the problems."""

    year: int
    settings: Settings
    input_dir: Path
    results: list[FileResult]
    agg: Aggregate
    province_problems: list[Problem] = field(default_factory=list)
    commentary: str | None = None
    force_draft: bool = False
    # Province figures of the previous year ({code: number or None}) when known, and of every
    # year on record ({year: {code: number or None}}) for trends; filled from the history store.
    previous: dict[str, float | int | None] | None = None
    history: dict[int, dict[str, float | int | None]] = field(default_factory=dict)
    # Per active unit, how its figures compare with year - 1 across map changes
    # ({unit code: report_gen.store.UnitComparison}); filled from the history store.
    comparisons: dict[str, object] = field(default_factory=dict)
    built_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    version: str = __version__

    @property
    def accepted(self) -> list[FileResult]:
        return [r for r in self.results if r.status == ACCEPTED]

    @property
    def error_count(self) -> int:
        return sum(len(r.errors) for r in self.results if r.status in (ACCEPTED, "rejected")) + \
            sum(1 for p in self.province_problems if p.severity == ERROR)

    @property
    def is_draft(self) -> bool:
        """A review built from incomplete or erroneous data is a draft ("DỰ THẢO")."""
        return self.force_draft or bool(self.agg.missing_units) or any(
            r.errors for r in self.results if r.status in (ACCEPTED, "rejected")) or any(
            p.severity == ERROR for p in self.province_problems)

    def unit_name(self, code: str | None) -> str:
        u = self.settings.units.get(code) if code else None
        return u.name if u else (code or "")


def consolidate(input_dir: Path, year: int, settings: Settings,
                progress: Callable[[str], None] | None = None,
                force_draft: bool = False, *,
                previous: dict[str, dict[str, float | int | None]] | None = None
                ) -> Consolidation:
    """Read, validate and aggregate the submissions of `year` in `input_dir`.

    `previous` ({unit code: {indicator code: value}}) holds the units' figures of the year
    before when known; changes beyond ±300 % are then warnings to confirm."""
    input_dir = Path(input_dir)
    ctx = IntakeContext(year=year, catalogue=settings.catalogue, units=settings.units)
    cache = None
    if settings.cache is not None:
        from report_gen.cache import IntakeCache, namespace
        cache = IntakeCache(settings.cache, namespace(settings.catalogue, settings.units, year))
    results = intake_folder(input_dir, ctx, commentary=settings.commentary, progress=progress,
                            cache=cache)
    for r in results:
        if r.status != ACCEPTED:
            continue
        unit = settings.units.get(r.unit)
        r.problems.extend(check_rules(settings.catalogue, r.values, scope="unit",
                                      level=unit.level, communes=unit.communes, cells=r.cells))
        register_sheet = r.models[0].sheet if r.models else None
        r.problems.extend(check_register(settings.catalogue, r.values, r.models, register_sheet))
        if previous and r.unit in previous:
            r.problems.extend(check_outliers(settings.catalogue, r.values, previous[r.unit],
                                             cells=r.cells))
    agg = aggregate(results, settings.catalogue, settings.units, year)
    communes = sum(u.communes for u in settings.units.active(year))
    province_problems = check_rules(settings.catalogue, agg.province, scope="province",
                                    level=None, communes=communes)
    for code in agg.missing_units:
        p = problem("unit-missing", unit=settings.units.get(code).name)
        province_problems.append(Problem(code=p.code, severity=p.severity, message=p.message,
                                         unit=code))
    commentary_path = input_dir / settings.commentary
    commentary = None
    if commentary_path.is_file():
        commentary = commentary_path.read_text(encoding="utf-8", errors="replace")
    return Consolidation(year=year, settings=settings, input_dir=input_dir, results=results,
                         agg=agg, province_problems=province_problems, commentary=commentary,
                         force_draft=force_draft)


def _store_path(settings: Settings, store_path: Path | None) -> Path | None:
    """The history store to use: `store_path`, else settings.store (None: no store)."""
    if store_path is not None:
        return Path(store_path)
    return getattr(settings, "store", None)


def check(input_dir: Path, year: int, settings: Settings,
          progress: Callable[[str], None] | None = None, *,
          previous: dict[str, dict[str, float | int | None]] | None = None,
          store_path: Path | None = None) -> Consolidation:
    """Consolidate; earlier years are read from the history store when it exists (never
    created or written by a check): last year's unit figures for the outlier warnings, and
    the province figures for comparisons."""
    from report_gen.store.attach import read_history
    path = _store_path(settings, store_path)
    if previous is None and path is not None:
        previous = _previous_units(path, year)
    cons = consolidate(input_dir, year, settings, progress, previous=previous)
    if path is not None:
        read_history(cons, path, create=False)
        province_outliers(cons)
    return cons


def province_outliers(cons: Consolidation) -> None:
    """Province totals that moved by more than ±300 % against last year: warnings to confirm
    (a unit's error of magnitude shows here even when each unit looks plausible alone)."""
    if cons.previous:
        cons.province_problems.extend(
            check_outliers(cons.settings.catalogue, cons.agg.province, cons.previous))


def _previous_units(path: Path, year: int) -> dict[str, dict[str, float | int | None]] | None:
    """Unit figures of year - 1 from the store at `path`, when it exists and has them."""
    from report_gen.store.db import open_store
    from report_gen.store.query import unit_figures
    if not Path(path).exists():
        return None
    with open_store(path, create=False) as store:
        return unit_figures(store, year - 1)


@dataclass
class BuildOutputs:
    pdf: Path
    html: Path
    xlsx: Path
    json: Path


def build(input_dir: Path, year: int, settings: Settings, out_dir: Path,
          progress: Callable[[str], None] | None = None, force_draft: bool = False, *,
          store_path: Path | None = None, record: bool = True
          ) -> tuple[Consolidation, BuildOutputs]:
    """Consolidate, then write the review (PDF, HTML) and the workbook and JSON.

    With a history store (`store_path`, else settings.store; the CLI defaults it to
    report_gen.sqlite in the working folder) earlier years are read for the comparisons and,
    once every output is written, the year is recorded in one transaction (unless `record` is
    False). Without one, nothing is read or recorded."""
    from report_gen.prestart import Prestarted
    from report_gen.store.attach import read_history, record_consolidation
    from report_gen.writers import html as html_writer
    from report_gen.writers import jsonout, xlsx

    # The PDF is most of a build's time: a child imports WeasyPrint on the other core while
    # this process reads the files, then renders while this one writes the workbook and JSON.
    renderer = Prestarted(_import_pdf_writer, _render_pdf)
    try:
        path = _store_path(settings, store_path)
        previous = _previous_units(path, year) if path is not None else None
        cons = consolidate(input_dir, year, settings, progress, force_draft, previous=previous)
        if path is not None:
            read_history(cons, path, create=record)
            province_outliers(cons)
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        outputs = BuildOutputs(pdf=out_dir / f"bao_cao_{year}.pdf",
                               html=out_dir / f"bao_cao_{year}.html",
                               xlsx=out_dir / f"tong_hop_{year}.xlsx",
                               json=out_dir / f"tong_hop_{year}.json")
        document = html_writer.render(cons)
        key = _pdf_key(document)
        marker = outputs.pdf.with_name(f".{outputs.pdf.name}.sha256")
        fresh = not _pdf_is_current(outputs.pdf, marker, key)
        if fresh:
            renderer.submit((document.print_html, str(outputs.pdf)))
        html_writer.write_html(document, outputs.html)
        jsonout.write_json(cons, outputs.json)
        xlsx.write_workbook(cons, outputs.xlsx)
        if fresh:
            renderer.wait()
            from report_gen.writers.atomic import write_text
            write_text(marker, key)
    finally:
        renderer.close()
    if path is not None and record:
        record_consolidation(cons, path)
    return cons, outputs


def _import_pdf_writer() -> None:
    import report_gen.writers.pdf  # noqa: F401 - WeasyPrint's import is a good part of a build


def _render_pdf(payload: tuple[str, str]) -> None:
    from types import SimpleNamespace

    from report_gen.writers import pdf
    html, target = payload
    pdf.write_pdf(SimpleNamespace(print_html=html), Path(target))


def _pdf_key(document) -> str:
    import hashlib
    from importlib.metadata import version
    return hashlib.sha256("\0".join((__version__, version("weasyprint"), document.print_html))
                          .encode("utf-8")).hexdigest()


def _pdf_is_current(target: Path, marker: Path, key: str) -> bool:
    try:
        return target.is_file() and marker.read_text(encoding="utf-8") == key
    except OSError:
        return False


__all__ = ["Consolidation", "consolidate", "check", "build", "BuildOutputs", "unit_values"]
