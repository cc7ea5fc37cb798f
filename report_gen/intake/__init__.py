"""Intake: every file of the input folder -> a ledger entry (accepted, superseded, rejected or
ignored) with the values, the model register and the problems found.

folder.py walks the folder and settles each file; submission.py reads one file (sheet, unit,
register) and values.py its value cells; read.py opens workbooks (python-calamine); locate.py
finds the form in a sheet; numbers.py and legacy.py normalise numbers and old encodings."""
