"""report-gen: consolidate the yearly statistics of the all-people movement for national
security (phong trào toàn dân bảo vệ ANTQ) and write the annual review.

Pipeline stages, one package or module each, data flowing one way:
intake (read files, find the form, normalise) -> checks -> aggregate -> store -> outputs,
sharing the things that flow from report_gen.model and the reference data from
report_gen.reference. The library API is in :mod:`report_gen.pipeline`; the CLI
(report_gen.cli) is a thin layer over it.
"""

__version__ = "0.1.0"
