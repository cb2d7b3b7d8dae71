"""``deadline``: the PIIS concluded within 3 months (loi art. 11 and 13; circular §4.1).

Applies when a PIIS is mandatory and the case is not exempted (``applies_if``). The deadline
is a derived fact: ``ri_decision_date`` + ``deadline_months`` months − 1 day ("de quantième à
veille de quantième": decided 17/11/2016 -> deadline 16/02/2017), or from ``piis_request_date``
when it is the request that makes the PIIS mandatory.

* pass: signed on or before the deadline (signed 16/02/2017 for a decision of 17/11/2016).
* fail: signed after it (17/02/2017: 1 day late), or not signed and the deadline has passed.
* pending: not signed, the deadline not passed at the as-of date.
* not_applicable (with a note): not signed and the RI ended before the deadline.
"""

from __future__ import annotations

from piis_audit.questions.interface import CheckKind

KIND = CheckKind(id="deadline",
                 reasons=("on_time", "late", "ri_ended", "not_concluded", "pending", "action_conclude"),
                 doc=__doc__ or "",
                 reads=("facts.deadline", "facts.piis_concluded", "facts.conclusion_date", "cases.ri_decision_date",
                        "cases.piis_request_date", "cases.ri_end_date"))

