"""Building one synthetic case file step by step: the grant, the person, the PIIS, its follow-up.

A :class:`Draft` holds one row of ``cases`` (canonical field -> Python value, ``None`` for an
empty cell) with its ``evaluations`` and ``sanctions`` rows. The helpers below write a *compliant*
file by default; the scenario families in :mod:`piis_audit.demo.scenarios` then break exactly the
rule they are about. Every random draw goes through the draft's ``random.Random``, and every date
is derived from the anchor date, so the same seed and anchor always give the same files.

Month arithmetic goes through :mod:`piis_audit.dates`, like everywhere else in the tool.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from piis_audit import dates
from piis_audit.demo import names
from piis_audit.schema import CASES

Row = dict[str, Any]

CASE_FIELDS: tuple[str, ...] = tuple(f.name for f in CASES.fields)

# The general mentions of AR art. 11 §1-3 and the student ones of circular §5.2.
GENERAL_MENTIONS: tuple[str, ...] = (
    "mention_commitments", "mention_objectives", "mention_domains", "mention_duration",
    "mention_evaluation_schedule", "mention_additional_aid", "mention_counsellor", "mention_substitute",
)
STUDENT_MENTIONS: tuple[str, ...] = (
    "mention_studies", "mention_study_allowance", "mention_family_allowance", "mention_maintenance",
)

# Monthly RI per category (docs/questions.md, "Money at risk"), to fill ri_monthly_amount realistically.
_RI_AMOUNTS: tuple[tuple[dt.date, tuple[Decimal, Decimal, Decimal]], ...] = (
    (dt.date(2025, 2, 1), (Decimal("876.13"), Decimal("1314.20"), Decimal("1776.07"))),
    (dt.date(2024, 5, 1), (Decimal("858.97"), Decimal("1288.46"), Decimal("1741.29"))),
    (dt.date(2020, 1, 1), (Decimal("626.74"), Decimal("940.11"), Decimal("1270.51"))),
)

ONE_DAY = dt.timedelta(days=1)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def weekday_before(day: dt.date) -> dt.date:
    """The day itself on a weekday, else the Friday before: offices do not sign on weekends."""
    return day - days(max(0, day.weekday() - 4))


def invalid_date_text(near: dt.date) -> str:
    """A date as a typo makes it: the 31st of a 30-day month near ``near`` (a data error)."""
    for month in (4, 6, 9, 11):
        if month >= near.month:
            return f"31/{month:02d}/{near.year}"
    return f"31/04/{near.year + 1}"


def ri_amount(category: int, on: dt.date) -> Decimal:
    for valid_from, amounts in _RI_AMOUNTS:
        if on >= valid_from:
            return amounts[category - 1]
    return _RI_AMOUNTS[-1][1][category - 1]


class Draft:
    """One case under construction."""

    def __init__(self, rng: random.Random, anchor: dt.date, worker: str, office: str) -> None:
        self.rng = rng
        self.anchor = anchor
        self.v: Row = dict.fromkeys(CASE_FIELDS)
        self.v["social_worker"] = worker
        self.v["office"] = office
        self.eval_pattern = "ok"
        self.evaluations: list[Row] = []
        self.sanctions: list[Row] = []
        self.partner: Draft | None = None  # category-3 couple: the other partner's draft

    # -- small accessors that keep the scenario code readable

    def date(self, name: str) -> dt.date:
        value = self.v[name]
        if not isinstance(value, dt.date):
            raise ValueError(f"{name} is not set")
        return value

    @property
    def decision(self) -> dt.date:
        return self.date("ri_decision_date")

    @property
    def concluded(self) -> bool:
        return isinstance(self.v["piis_signed_date"], dt.date)

    def deadline(self, start: dt.date | None = None) -> dt.date:
        """The conclusion deadline: 3 months from the decision (or from ``start``), less a day."""
        return dates.month_period_end(start or self.decision, 3).value

    def piis_start(self) -> dt.date:
        start = self.v["piis_start_date"]
        return start if isinstance(start, dt.date) else self.date("piis_signed_date")


# --------------------------------------------------------------------------- the grant and the person


def grant(d: Draft, days_ago: int, *, new: bool | None = True) -> None:
    """The RI decision ``days_ago`` days before the anchor; ``new`` sets whether the person had
    RI in the 3 months before (``None`` leaves the answer empty)."""
    r = d.rng
    decision = weekday_before(d.anchor - days(days_ago))
    d.v["ri_decision_date"] = decision
    # The right starts on the date of the request, a few weeks before the council decides.
    d.v["ri_start_date"] = decision - days(r.randint(3, 30))
    d.v["category"] = r.choices((1, 2, 3), (40, 42, 18))[0]
    # Exceptions that lift the obligation: "non" in some exports, left empty in others.
    for name in ("moved_from_other_cpas", "employment_measure", "complementary_ri_with_work"):
        d.v[name] = False if r.random() < 0.6 else None
    if new is None:
        return
    d.v["ri_in_previous_3_months"] = not new
    if not new and r.random() < 0.5:
        d.v["previous_ri_end_date"] = d.date("ri_start_date") - days(r.randint(1, 60))
    elif new and r.random() < 0.1:
        d.v["previous_ri_end_date"] = d.date("ri_start_date") - days(r.randint(120, 900))


def person(d: Draft, age: int, *, studies: bool = False, trajectory: bool = False) -> None:
    """A fictitious beneficiary aged ``age`` at the decision."""
    r = d.rng
    birthday = dates.shift_months(d.decision, -12 * age).value
    d.v["birth_date"] = birthday - days(r.randint(1, 360))
    d.v["beneficiary_name"] = f"{r.choice(names.SURNAMES).upper()} {r.choice(names.FIRST_NAMES)}"
    d.v["full_time_studies"] = studies
    d.v["employment_trajectory"] = trajectory
    if studies:
        d.v["category"] = r.choices((1, 2), (55, 45))[0]


def adult_age(r: random.Random) -> int:
    return r.choices((r.randint(25, 34), r.randint(35, 49), r.randint(50, 64)), (45, 38, 17))[0]


def young_age(r: random.Random) -> int:
    return r.randint(18, 24)


def monthly_amount(d: Draft, share: float = 1.0) -> None:
    """Fill ``ri_monthly_amount`` (most exports have it; some leave it out)."""
    category = d.v["category"]
    if isinstance(category, int):
        full = ri_amount(category, d.decision)
        d.v["ri_monthly_amount"] = (full * Decimal(str(share))).quantize(Decimal("0.01"))


# --------------------------------------------------------------------------- the PIIS


def sign(d: Draft, signed: dt.date, piis_type: str, *, third_party: bool = False,
         claim: bool = True) -> bool:
    """Conclude a compliant PIIS signed on ``signed`` (moved back to a weekday). Returns False,
    leaving the file without PIIS, when that day is after the anchor (not signed yet)."""
    r = d.rng
    signed = weekday_before(signed)
    if signed > d.anchor:
        return False
    v = d.v
    v["piis_signed_date"] = signed
    v["piis_type"] = piis_type
    v["social_balance_date"] = weekday_before(signed - days(r.randint(10, 45)))
    v["draft_given_date"] = weekday_before(signed - days(r.randint(6, 12)))
    # Many CPAS let the contract take effect on the 1st of the next month (circular's example).
    start = signed if r.random() < 0.7 else dates.first_of_month_after(signed, 1)
    v["piis_start_date"] = start
    length = r.choices((12, 6, 24), (70, 12, 18))[0]
    v["piis_end_date"] = dates.month_period_end(start, length).value
    v["signed_beneficiary"] = True
    v["signed_cpas"] = True
    for name in GENERAL_MENTIONS:
        v[name] = True
    if third_party:
        pool = names.STUDENT_THIRD_PARTIES if piis_type == "student" else names.THIRD_PARTIES
        v["third_party"] = r.choice(pool)
        v["signed_third_party"] = True
        v["mention_third_party_role"] = True
    if piis_type == "student":
        for name in STUDENT_MENTIONS:
            v[name] = True
    if claim:
        claim_subsidy(d)
    else:
        v["subsidy_increase_claimed"] = False if r.random() < 0.7 else None
    if r.random() < 0.65:
        monthly_amount(d, 1.0 if r.random() < 0.85 else r.choice((0.45, 0.6, 0.8)))
    return True


def claim_subsidy(d: Draft) -> None:
    """Claim the 10 % from the first day of the signature month, or from the decision when the
    RI was granted in that same month (SPP IS FAQ [W16])."""
    d.v["subsidy_increase_claimed"] = True
    signed = d.v["piis_signed_date"]
    if isinstance(signed, dt.date):
        d.v["subsidy_increase_start_date"] = max(dates.first_of_month(signed), d.decision)
    else:  # claimed without a PIIS: from the month after the decision
        d.v["subsidy_increase_start_date"] = dates.first_of_month_after(d.decision, 1)


def end_ri(d: Draft, last_day: dt.date) -> None:
    """The right ended on ``last_day`` (kept on or before the anchor)."""
    if last_day <= d.anchor:
        d.v["ri_end_date"] = last_day


def maybe_end_ri(d: Draft, probability: float = 0.25) -> None:
    """Some rights end (a job, a move, a pension): somewhere after the PIIS got going."""
    r = d.rng
    if r.random() >= probability:
        return
    earliest = d.decision + days(150)
    if d.concluded:
        earliest = max(earliest, d.piis_start() + days(60))
    last = earliest + days(r.randint(0, 900))
    if last < d.anchor:
        end_ri(d, last)


# --------------------------------------------------------------------------- students' maintenance debtors


def alimony(d: Draft, *, investigated: bool = True, decision: str | None = "auto",
            notify_applicant: bool = True, notify_debtors: bool = True,
            investigation_day: dt.date | None = None) -> None:
    """The inquiry into the maintenance debtors' means (loi art. 26) and the recovery decision."""
    r = d.rng
    v = d.v
    if not investigated:
        return
    inquiry = investigation_day or weekday_before(d.decision - days(r.randint(0, 20)))
    v["alimony_investigation_date"] = inquiry
    if decision is None:
        return
    choice = decision if decision != "auto" else r.choices(("waive", "recover"), (65, 35))[0]
    decided = weekday_before(inquiry + days(r.randint(8, 25)))
    if decided > d.anchor:  # not decided yet: still within the month after the inquiry
        return
    v["recovery_decision"] = choice
    v["recovery_decision_date"] = decided
    if notify_applicant:
        v["recovery_notified_applicant_date"] = min(d.anchor, decided + days(r.randint(2, 8)))
    if choice == "recover" and notify_debtors:
        v["recovery_notified_debtors_date"] = min(d.anchor, decided + days(r.randint(2, 10)))


# --------------------------------------------------------------------------- evaluations (AR art. 15)


def windows(d: Draft) -> list[tuple[dt.date, dt.date, bool]]:
    """The 12-month evaluation windows of the PIIS up to the anchor: (start, last day, complete)."""
    if not d.concluded:
        return []
    start = d.piis_start()
    bound = d.anchor
    for name in ("piis_end_date", "ri_end_date"):
        value = d.v[name]
        if isinstance(value, dt.date):
            bound = min(bound, value)
    out: list[tuple[dt.date, dt.date, bool]] = []
    k = 0
    while True:
        w_start = dates.shift_months(start, 12 * k).value
        if w_start > bound:
            return out
        w_end = dates.month_period_end(start, 12 * (k + 1)).value
        out.append((w_start, min(w_end, bound), w_end <= bound))
        k += 1


def _evaluation(day: dt.date, personal: bool | None, report: bool | None) -> Row:
    return {"case_id": None, "evaluation_date": day, "personal_interview": personal,
            "report_present": report}


def _paced_days(r: random.Random, w_start: dt.date, w_end: dt.date) -> list[dt.date]:
    """Evaluation days on a three-a-year pace (about 2, 5½ and 9 months in), within the window;
    one at the middle of a window too short to hold the first."""
    out = [weekday_before(w_start + days(base + r.randint(-15, 15))) for base in (60, 170, 280)]
    out = [day for day in out if w_start <= day <= w_end]
    if not out:
        out = [w_start + (w_end - w_start) // 2]
    return out


Flags = tuple[bool | None, bool | None]  # (personal_interview, report_present)

# The first complete year of the patterns that break it: three evaluations each.
_FIRST_YEAR_FLAGS: dict[str, tuple[Flags, ...]] = {
    "unformalised": ((True, True), (True, False), (False, False)),
    "few_interviews": ((True, True), (False, True), (False, True)),
    "unknown_report": ((True, True), (True, True), (False, None)),
}


def build_evaluations(d: Draft) -> None:
    """Evaluation rows for the draft's PIIS, following ``d.eval_pattern``:

    ``ok``: three formalised a year, at least two in person (sometimes a fourth, informal one);
    ``unformalised``: the first complete year has three, two of them without a written report;
    ``few_interviews``: the first complete year has three formalised, one in person;
    ``none``: nothing on file; ``behind``: one early evaluation, then nothing;
    ``second_year_short``: a good first year, two formalised in the second;
    ``unknown_report``: in the first complete year one of three has an empty report cell;
    ``short_fail``: a closed partial window with one evaluation fewer than pro rata.
    """
    r = d.rng
    pattern = d.eval_pattern
    rows: list[Row] = []
    first_complete_done = False
    for index, (w_start, w_end, complete) in enumerate(windows(d)):
        if pattern == "none":
            break
        planned = _paced_days(r, w_start, min(w_end, d.anchor))
        usual: list[Flags] = [(True, True), (True, True), (r.random() < 0.7, True)]
        flags = usual[:len(planned)]
        if complete and not first_complete_done and pattern in _FIRST_YEAR_FLAGS:
            first_complete_done = True
            flags = list(_FIRST_YEAR_FLAGS[pattern])
        elif pattern == "second_year_short" and index == 1 and complete:
            planned, flags = planned[:2], flags[:2]
        elif pattern == "behind":
            planned, flags = planned[:1], flags[:1]
        elif pattern == "short_fail" and not complete:
            planned, flags = planned[:1], flags[:1]
        for day, (personal, report) in zip(planned, flags):
            rows.append(_evaluation(day, personal, report))
        # A phone follow-up without a written report now and then: it must not be counted.
        if pattern == "ok" and r.random() < 0.08 and planned:
            extra = planned[0] + days(r.randint(20, 40))
            if extra <= min(w_end, d.anchor):
                rows.append(_evaluation(extra, False, False))
    rows.sort(key=lambda row: row["evaluation_date"])
    d.evaluations = rows


# --------------------------------------------------------------------------- sanctions (loi art. 30 §2)


def sanction(d: Draft, decided: dt.date, *, months: int = 1, breaks: frozenset[str] = frozenset()) -> Row:
    """A sanction decided on ``decided`` (a weekday), compliant unless ``breaks`` names conditions
    to break: no_warning, warning_after, no_invitation, heard_after, no_advice, no_motivation,
    not_notified, start_not_after_notification, start_too_late, invalid_notified, duration_days."""
    r = d.rng
    decided = weekday_before(decided)
    heard = "heard_after" in breaks or r.random() < 0.7
    notified = decided + days(r.randint(2, 7))
    start = dates.first_of_month_after(notified, 1)
    if "start_not_after_notification" in breaks:
        start = notified
    if "start_too_late" in breaks:
        start = dates.first_of_month_after(decided, 3) + days(r.randint(3, 25))
    end = dates.month_period_end(start, months).value
    row: Row = {
        "case_id": None,
        "decision_date": decided,
        "warning_date": None if "no_warning" in breaks else (
            decided + days(r.randint(1, 5)) if "warning_after" in breaks
            else weekday_before(decided - days(r.randint(25, 45)))),
        "hearing_invitation_date": None if "no_invitation" in breaks
        else weekday_before(decided - days(r.randint(12, 20))),
        "hearing_date": None if not heard else (
            decided + days(r.randint(2, 6)) if "heard_after" in breaks
            else weekday_before(decided - days(r.randint(3, 8)))),
        "social_worker_advice_date": None if "no_advice" in breaks
        else weekday_before(decided - days(r.randint(1, 10))),
        "notified_date": None if "not_notified" in breaks else (
            invalid_date_text(notified) if "invalid_notified" in breaks else notified),
        "start_date": start,
        "end_date": None if "duration_days" in breaks else end,
        "duration_days": dates.days_between(start, end) + 1 if "duration_days" in breaks else None,
        "motivation": None if "no_motivation" in breaks else r.choice(names.SANCTION_MOTIVATIONS),
    }
    d.sanctions.append(row)
    return row
