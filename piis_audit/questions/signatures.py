"""``signatures``: the PIIS signed by the parties (circular §2.2, §4.3).

Applies to every concluded PIIS.

* pass: ``signed_beneficiary`` and ``signed_cpas`` are ``oui``, and ``signed_third_party`` too
  when ``third_party`` is set. The reason names who signed and when, and the days left for
  reflection when ``draft_given_date`` is known (``signed``, ``signed_after_reflection``,
  ``signed_short_reflection``).
* fail: any of them ``non`` (the reason lists each missing signature).
* missing_data: none ``non`` but some empty.
* note: signed fewer than ``reflection_days`` calendar days after the draft was handed over
  (``draft_given_date``): the reflection period was not left (circular §5.1; Cour trav. Liège
  17/01/2023). With ``short_reflection_fails: true`` it is a fail instead (docs/questions.md's default
  is a note).
"""

from __future__ import annotations

from piis_audit.checklist import params as P
from piis_audit.questions.interface import CheckKind

KIND = CheckKind(id="signatures", reasons=("not_applicable", "missing_signatures", "short_reflection", "signed",
                                          "signed_after_reflection", "signed_short_reflection"),
                 params={"reflection_days": P.days(0, 60), "short_reflection_fails": P.flag()}, doc=__doc__ or "",
                 reads=("cases.signed_beneficiary", "cases.signed_cpas", "cases.third_party",
                        "cases.signed_third_party", "facts.conclusion_date", "cases.draft_given_date"))

