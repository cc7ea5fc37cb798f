"""The library API: `consolidate`, `check` and `build` run the pipeline stages in order:
intake -> checks -> aggregate (-> store) -> outputs. The CLI and the tests call these."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from report_gen.aggregate import aggregate, unit_values
from report_gen.checks import CheckContext, check_province, check_unit
from report_gen.config import Settings
from report_gen.intake.folder import intake_folder
from report_gen.intake.mapping import load_mapping_file, merged
from report_gen.intake.submission import IntakeContext
from report_gen.model import ACCEPTED, Consolidation, unit_states
from report_gen.review.commentary import candidates, read_commentary
from report_gen.store.attach import Past, attach_past, load_past


def consolidate(input_dir: Path, year: int, settings: Settings,
                progress: Callable[[str], None] | None = None,
                force_draft: bool = False, *,
                previous: dict[str, dict[str, float | int | None]] | None = None,
                past: Past | None = None) -> Consolidation:
    """Read, check and aggregate the submissions of `year` in `input_dir`.

    `past` (earlier years from the history store) gives the comparisons and last year's figures;
    changes beyond ±300 % against them are then warnings to confirm, and its kept decisions on
    rows apply (report_gen.intake.mapping; the folder's mapping file wins). `previous` ({unit
    code: {indicator code: value}}) gives the units' figures of the year before without a store.
    Raises MappingError when the folder's mapping file is wrong."""
    input_dir = Path(input_dir)
    settings = settings.in_year(year)
    # the officer's decisions on rows: the folder's mapping file over those kept in the store
    mappings = merged(past.mappings if past else {},
                      load_mapping_file(input_dir, settings.catalogue, settings.units))
    ctx = IntakeContext(year=year, catalogue=settings.catalogue, units=settings.units,
                        mappings=mappings)
    cache = None
    if settings.cache is not None:
        from report_gen.cache import IntakeCache, namespace
        cache = IntakeCache(settings.cache, namespace(settings.catalogue, settings.units, year,
                                                      sorted(mappings.items())))
    # pandas (aggregate) is imported while the workers read, not before they start
    results = intake_folder(input_dir, ctx, commentary=candidates(settings.commentary),
                            progress=progress, cache=cache, warm=("pandas",))
    checks = CheckContext(year=year, catalogue=settings.catalogue, units=settings.units,
                          previous_units=past.units if past and previous is None else previous,
                          previous=past.previous if past else None)
    for r in results:
        if r.status == ACCEPTED:
            r.problems.extend(check_unit(r, checks))
    agg = aggregate(results, settings.catalogue, settings.units, year)
    commentary = read_commentary(input_dir, settings.commentary)
    cons = Consolidation(
        year=year, settings=settings, input_dir=input_dir, results=results, agg=agg,
        unit_status=unit_states(results, [u.code for u in settings.units.active(year)]),
        province_problems=check_province(agg, checks), commentary=commentary.markdown,
        force_draft=force_draft,
        draft_reasons=[*settings.document.placeholder_notes(), *commentary.draft_notes],
        notices=list(commentary.notices))
    if past is not None:
        attach_past(cons, past)
    return cons


def _likely_rerun(input_dir: Path, year: int, out_dir: Path, settings: Settings) -> bool:
    """True when the last build of `year` into `out_dir` read this very folder, unchanged
    since, left its PDF as written, and charts are kept between runs: a guess that only decides
    which children start early (a wrong guess costs time, never a figure)."""
    if settings.cache is None:
        return False
    from report_gen.outputs import manifest
    try:
        last = manifest.load(out_dir, year)
    except manifest.ManifestError:
        return False
    if last.input_dir != str(input_dir.resolve()):
        return False
    return not manifest.stale_reasons(last, out_dir)


def _store_path(settings: Settings, store_path: Path | None) -> Path | None:
    """The history store to use: `store_path`, else settings.store (None: no store)."""
    return Path(store_path) if store_path is not None else settings.store


def check(input_dir: Path, year: int, settings: Settings,
          progress: Callable[[str], None] | None = None, *,
          previous: dict[str, dict[str, float | int | None]] | None = None,
          store_path: Path | None = None) -> Consolidation:
    """Consolidate; earlier years are read from the history store when it exists (never
    created or written by a check): last year's unit figures for the outlier warnings, and
    the province figures for comparisons."""
    past = load_past(_store_path(settings, store_path), year, create=False)
    return consolidate(input_dir, year, settings, progress, previous=previous, past=past)


class BuildOutputs(dict):
    """{output key: path written}, in the order of report_gen.outputs.OUTPUTS; `outputs.pdf` is
    `outputs["pdf"]`. `outputs.store` says what the build did to the history store (a
    report_gen.store.attach.StoreOutcome; None without a store or with record=False)."""

    store = None
    manifest: Path | None = None  # report_gen.outputs.manifest: what send and sign check against

    def __getattr__(self, key: str) -> Path:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


def build(input_dir: Path, year: int, settings: Settings, out_dir: Path,
          progress: Callable[[str], None] | None = None, force_draft: bool = False, *,
          store_path: Path | None = None, record: bool = True, replace: bool = False
          ) -> tuple[Consolidation, BuildOutputs]:
    """Consolidate, then write every output of report_gen.outputs.OUTPUTS (the review as PDF
    and HTML, the workbook, the JSON, the Word copy unless `[outputs] docx = false`).

    With a history store (`store_path`, else settings.store; the CLI defaults it to
    report_gen.sqlite in the working folder) earlier years are read for the comparisons and,
    once every output is written, the year is recorded in one transaction (unless `record` is
    False). Without one, nothing is read or recorded. A build that accepted no file records
    nothing, and a draft does not replace a year on record as final unless `replace`: the
    outputs are written all the same, and `outputs.store` says what was recorded and why not.
    The outputs are replaced together: when one cannot be written, all keep their
    previous versions (and nothing is recorded). Last, `outputs.manifest` records what was
    written from which inputs (report_gen.outputs.manifest), for `send` and `sign`."""
    from report_gen.outputs import BuildJob, enabled_names, load, manifest, start_renderer
    from report_gen.outputs.atomic import Batch
    from report_gen.store.attach import record_consolidation

    # The PDF is most of a build's time: a child imports WeasyPrint on the other core while
    # this process reads the files, then renders while this one writes the workbook and JSON;
    # another imports matplotlib, to draw the charts once the figures are known. Not on a
    # re-run over the same files (the PDF and the charts are then most likely current): the
    # renderer then starts only if there is something to render, and charts not in the cache
    # are drawn here.
    from report_gen.outputs.charts import drawing
    from report_gen.outputs.drawer import start_drawer
    rerun = _likely_rerun(Path(input_dir), year, Path(out_dir), settings)
    renderer = start_renderer(early=not rerun)
    drawer = None if rerun else start_drawer()
    # The outputs are replaced together or not at all: each is written to a temporary file
    # beside it, and all are renamed into place once every one is written (outputs.atomic).
    batch = Batch()
    try:
        names = enabled_names(settings)  # a wrong [outputs] section stops the build here
        path = _store_path(settings, store_path)
        past = load_past(path, year, create=record)
        inputs = manifest.snapshot_inputs(Path(input_dir))  # the folder as this build reads it
        cons = consolidate(input_dir, year, settings, progress, force_draft, past=past)
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        job = BuildJob(cons=cons, out_dir=out_dir, renderer=renderer)
        outputs = BuildOutputs()
        with batch.active(), drawing(drawer):
            pending = []
            for name in names:  # imported one by one: the PDF renders while the others load
                o = load(name)
                outputs[o.KEY] = out_dir / o.FILENAME.format(year=year)
                if (wait := o.write(job, outputs[o.KEY])) is not None:
                    pending.append(wait)
            for wait in pending:
                wait()
        batch.commit()
        outputs.manifest = manifest.record(cons, outputs, out_dir, inputs)
    finally:
        if drawer is not None:
            drawer.close()
        renderer.close()  # the renderer has stopped writing before its file is removed
        batch.discard()
    if path is not None and record:
        outputs.store = record_consolidation(cons, path, replace=replace)
    return cons, outputs


__all__ = ["Consolidation", "consolidate", "check", "build", "BuildOutputs", "unit_values"]
