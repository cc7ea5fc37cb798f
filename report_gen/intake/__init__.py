"""Intake: every file of the input folder -> a ledger entry (accepted, superseded, rejected or
ignored) with the values, the model register and the problems found."""

from report_gen.intake.ingest import FileResult, ModelEntry, intake_folder

__all__ = ["FileResult", "ModelEntry", "intake_folder"]
