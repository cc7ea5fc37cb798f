"""report-gen: consolidate the yearly statistics of the all-people movement for national
security (phong trào toàn dân bảo vệ ANTQ) and write the annual review.

Pipeline stages, one module each, data flowing one way:
intake (read files, find the form, normalise) -> validate -> aggregate -> writers.
The library API is in :mod:`report_gen.pipeline`; the CLI is a thin layer over it.
"""

__version__ = "0.1.0"
