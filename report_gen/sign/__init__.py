"""Digital signatures on the built review, in the format of Nghị định 30/2020 (appendix I, the
electronic document's signatures): the signer's, then the organisation's, each an incremental
update made with pyHanko.

config      the [sign.person] and [sign.organisation] sections (keys, images, seal size)
keys        a role's key opened: PKCS#12 file or PKCS#11 token
layout      where the signatures go, read from the PDF's named destinations
appearance  what each signature shows
document    the checks and the signing: document.sign_review is the library API the CLI
            calls (imported from there, so that the CLI's start does not load pyHanko)"""

from report_gen.sign.config import ORGANISATION, PERSON, ROLES, RoleSettings, from_settings
from report_gen.sign.errors import SignError

__all__ = ["ORGANISATION", "PERSON", "ROLES", "RoleSettings", "SignError", "from_settings"]
