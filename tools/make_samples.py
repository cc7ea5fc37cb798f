"""Make the sample inputs: sample_inputs/2011, 2012, 2024 and 2025.

- 2011, 2012: the 14 districts and the province level (the 2012 totals agree with the seed
  article: 91 models = 5 + 25 + 61);
- 2024: the 13 districts of 2020-2024 and the province level, all sent on time;
- 2025: the 54 commune-level units of 1/7/2025 and the province level; one unit missing, three
  late, one corrected copy (named in tests/support/samples.py), so the 2025 review is a draft.

The figures, answers and model registers come from tests/support/samples.py (one fixed random
seed per year), and every workbook is written by tests/support/workbooks.py, the one writer of
filled forms for tests, samples and benchmarks. A workbook that would differ from the checked-in
one only by the save time openpyxl stamps into it is left as it is, so running this again
changes no file unless the figures or the form changed.

Run: python tools/make_samples.py   (rewrites sample_inputs/<year> for the four years)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.samples import write_sample_year  # noqa: E402

YEARS = (2011, 2012, 2024, 2025)

if __name__ == "__main__":
    for year in YEARS:
        folder = ROOT / "sample_inputs" / str(year)
        written = write_sample_year(year, folder)
        total = len(list(folder.glob("*.xlsx")))
        print(f"sample_inputs/{year}: {total} workbooks, {len(written)} written"
              + (f" ({', '.join(written)})" if 0 < len(written) <= 5 else ""))
