from report_gen.cli import run

if __name__ == "__main__":  # guarded: spawned worker processes import this module again
    raise SystemExit(run())
