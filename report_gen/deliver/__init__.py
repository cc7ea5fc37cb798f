"""Delivery: `report-gen send` e-mails the built review to the committee and the feedback pages
to the units, safely (report_gen.deliver.review refuses what must not go) and with a trail in
the history store (report_gen.store.sent).

    cfg = EmailSettings.from_settings(settings)
    out = review_outgoing(Path("out"), 2012, settings, cfg, store)   # or Refusal
    outcome = send(out, cfg, password, store)                        # recorded, sent or failed
"""

from report_gen.deliver.feedback import FeedbackPlan, feedback_plan
from report_gen.deliver.outgoing import Outgoing, Refusal, dry_run, send
from report_gen.deliver.review import review_outgoing
from report_gen.deliver.settings import PASSWORD_ENV, EmailSettings
from report_gen.deliver.smtp import Outcome, transmit

__all__ = ["EmailSettings", "FeedbackPlan", "Outcome", "Outgoing", "PASSWORD_ENV", "Refusal",
           "dry_run", "feedback_plan", "review_outgoing", "send", "transmit"]
