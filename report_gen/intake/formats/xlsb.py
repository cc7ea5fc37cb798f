"""Excel binary workbooks (.xlsb): a zip archive read by calamine; no raw-cell reader, so error
cells and result-less formulas read as blanks."""

from report_gen.intake.formats.calamine import read_grids
from report_gen.intake.formats.base import ZIP_MAGIC, Format

FORMAT = Format(name="xlsb", suffixes=(".xlsb",), read_grids=read_grids, archive=True,
                magic=ZIP_MAGIC, label=".xlsb", zip_part="xl/workbook.bin")
