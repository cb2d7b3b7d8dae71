"""``absence-motivated``: where a PIIS is due but none was concluded, a motivated decision
(circular §3.1, §4.2).

Applies when a PIIS is mandatory (a request by either party included) and none is concluded.

* pass: exempted (``exemption_reason`` health or equity, with ``exemption_decision_date``) and
  ``exemption_motivation`` written.
* fail: an exemption decision without motivation; or no exemption decision and the deadline has
  passed.
* pending: no decision yet, the deadline not passed.
* not_applicable (with a note): the RI ended (``ri_end_date``) before the deadline: no PIIS was
  due, as the ``deadline`` question says (the same test, :func:`deadline.ri_ended_before`).
* note: the motivation speaks only of (in)capacity to work: the circular requires a double
  motivation (taking part in a PIIS is another question than capacity to work). Detected with
  the ``capacity_words`` / ``participation_words`` lists (case- and accent-insensitive).
"""

from __future__ import annotations

import unicodedata

from piis_audit.checklist import params as P
from piis_audit.questions.interface import CheckKind


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def speaks_only_of_work_capacity(motivation: str, capacity_words: list[str],
                                 participation_words: list[str]) -> bool:
    folded = _fold(motivation)
    mentions_capacity = any(_fold(w) in folded for w in capacity_words)
    mentions_participation = any(_fold(w) in folded for w in participation_words)
    return mentions_capacity and not mentions_participation


KIND = CheckKind(id="absence-motivated",
                 reasons=("no_motivation", "single_motivation", "motivated", "no_decision", "pending",
                          "action_decide", "ri_ended"),
                 params={"capacity_words": P.texts(), "participation_words": P.texts()}, doc=__doc__ or "",
                 reads=("cases.exemption_reason", "cases.exemption_decision_date", "cases.exemption_motivation",
                        "facts.exempted", "facts.deadline", "cases.ri_end_date"))

