"""Support code of the tests, in one place (tools/make_samples.py and benchmarks/ use it too):

  paths.py                  where the repository, the samples and the fixture corpora are
  workbooks.py              the one way to write workbooks: filled official forms, edits of
                            them, workbooks in a unit's own layout
  samples.py                the figures of sample_inputs/2011, 2012, 2024 and 2025 (fixed seeds)
  review.py                 the 2012 review with 2011 as its previous year; PDF word boxes
  make_messy_fixtures.py    generator of tests/fixtures/messy (python -m tests.support.make_messy_fixtures)
  make_hostile_fixtures.py  generator of tests/fixtures/hostile (python -m tests.support.make_hostile_fixtures)
  make_answer_fixtures.py   generator of tests/fixtures/answers (commune forms saved by LibreOffice)
"""
