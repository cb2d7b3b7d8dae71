"""``social-balance``: a needs analysis (bilan social / sociale balans) before the PIIS
(AR art. 11 §1; loi art. 11).

Applies to every concluded PIIS (``applies_if: piis_concluded``).

* pass: ``social_balance_date`` on or before the signature. Example: balance 02/03/2024, signed
  10/03/2024 (``balance_before_signature``: the balance's date, the signature's, the days between).
* pass (exception): a reactivated PIIS (``reactivation_consent_date``) after an RI interruption
  (``previous_ri_end_date`` -> ``ri_start_date``) of at most ``max_interruption_months``.
* fail: no balance on file, or a balance dated after the signature.
* missing_data: a reactivation whose interruption cannot be measured (dates empty).
"""

from __future__ import annotations

from piis_audit.checklist import params as P
from piis_audit.questions.interface import CheckKind

KIND = CheckKind(id="social-balance",
                 reasons=("not_applicable", "balance_before_signature", "reactivated", "no_balance",
                          "balance_after_signature"),
                 params={"max_interruption_months": P.months(0)}, doc=__doc__ or "",
                 reads=("facts.conclusion_date", "cases.social_balance_date", "cases.reactivation_consent_date",
                        "cases.previous_ri_end_date", "cases.ri_start_date"))

