"""Make the sample inputs: sample_inputs/2012 and sample_inputs/2011.

The figures and model registers come from tests/support/samples.py (fixed random seed; the 2012
totals agree with the seed article: 91 models = 5 + 25 + 61), and every workbook is written by
tests/support/workbooks.py, the one writer of filled forms for tests, samples and benchmarks.

Run: python tools/make_samples.py   (rewrites sample_inputs/2011 and sample_inputs/2012)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.samples import write_sample_year  # noqa: E402

if __name__ == "__main__":
    write_sample_year(2012, ROOT / "sample_inputs" / "2012")
    write_sample_year(2011, ROOT / "sample_inputs" / "2011")
    print("sample_inputs/2011 and sample_inputs/2012 written")
