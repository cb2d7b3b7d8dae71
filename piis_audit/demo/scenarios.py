"""Scenario families of the demo export: one function per kind of file an inspector meets.

``ordinary`` writes the everyday caseload (compliant files, and recent ones still within their
deadlines). Every other family builds a file that exercises one rule of ``docs/questions.md``: a
late PIIS, a missing social balance, a reactivated PIIS, an exemption without motivation, a
sanction decided without hearing, a 10 % claimed too early, a student whose parents were never
asked to contribute, an empty cell where a fact is needed, ... so that the demo shows every
verdict every question can give.

:data:`FAMILIES` lists them with their share of a large export and the minimum number of files
each gets in any export large enough, so the small bundled demo covers them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from piis_audit import dates
from piis_audit.demo import names
from piis_audit.demo.builder import (
    GENERAL_MENTIONS, STUDENT_MENTIONS, Draft, adult_age, alimony, claim_subsidy, days, end_ri,
    grant, invalid_date_text, maybe_end_ri, monthly_amount, person, sanction, sign, weekday_before,
    young_age)

Family = Callable[[Draft], None]


@dataclass(frozen=True)
class FamilySpec:
    name: str
    build: Family
    share: float  # fraction of a large export
    minimum: int  # files in any export that has room for every family
    problem: bool = True  # drawn more often by the workers who struggle (names.PROBLEM_WEIGHTS)
    cases: int = 1  # files the family writes (a couple writes two)


# --------------------------------------------------------------------------- building blocks


def _compliant(d: Draft, *, days_ago: tuple[int, int] = (420, 1000), age: int | None = None,
               new: bool | None = True, kind: str = "adult", third_party: bool | None = None,
               claim: bool = True, sign_after: tuple[int, int] = (12, 80)) -> None:
    """A mandatory PIIS concluded in time, started long enough ago to have a complete year
    (with the default ``days_ago``). ``kind``: adult, student, trajectory."""
    r = d.rng
    grant(d, r.randint(*days_ago), new=new)
    if kind == "student":
        person(d, age if age is not None else young_age(r), studies=True)
        piis_type = "student"
    elif kind == "trajectory":
        person(d, age if age is not None else young_age(r), trajectory=True)
        piis_type = "employment"
    else:
        person(d, age if age is not None else adult_age(r))
        piis_type = r.choices(("social", "employment"), (55, 45))[0]
    with_third = r.random() < 0.15 if third_party is None else third_party
    sign(d, d.decision + days(r.randint(*sign_after)), piis_type, third_party=with_third, claim=claim)
    if kind == "student":
        d.v["family_allowances_paid"] = r.random() < 0.6 if d.v["birth_date"] else None
        if d.v["family_allowances_paid"]:
            alimony(d)


def _no_piis(d: Draft, *, days_ago: tuple[int, int] = (150, 900), age: int | None = None,
             new: bool | None = True) -> None:
    """A grant to an adult, no PIIS on file."""
    r = d.rng
    grant(d, r.randint(*days_ago), new=new)
    person(d, age if age is not None else adult_age(r))
    if r.random() < 0.5:
        monthly_amount(d)


def _set_first_complete_year(d: Draft) -> None:
    """Make sure the PIIS runs at least a full year before the anchor (no early end)."""
    d.v["ri_end_date"] = None
    start = d.piis_start()
    d.v["piis_end_date"] = dates.month_period_end(start, 24).value


# --------------------------------------------------------------------------- the everyday caseload


def ordinary(d: Draft) -> None:
    """The everyday caseload: mostly compliant files, some still within their deadline."""
    r = d.rng
    days_ago = r.randint(3, 3 * 365 + 90)
    young = r.random() < 0.35
    measure = r.random()
    if young:
        kind = r.choices(("student", "trajectory", "social"), (30, 40, 30))[0]
        new = r.random() < 0.8
    else:
        kind = "adult"
        new = r.random() < 0.82
    grant(d, days_ago, new=new)
    if young:
        person(d, young_age(r), studies=kind == "student", trajectory=kind == "trajectory")
    else:
        person(d, adult_age(r))
    if measure < 0.05:  # art. 60 §7 with complementary RI: no obligation, no PIIS
        d.v["employment_measure"] = True
        monthly_amount(d, r.choice((0.25, 0.4)))
        return
    if measure < 0.09:  # works part-time, RI on top
        d.v["complementary_ri_with_work"] = True
        monthly_amount(d, r.choice((0.3, 0.5, 0.7)))
        return
    mandatory = new or (young and kind != "social")
    if mandatory or r.random() < 0.4:
        piis_type = {"student": "student", "trajectory": "employment"}.get(
            kind, r.choices(("social", "employment"), (55, 45))[0])
        sign(d, d.decision + days(r.randint(10, 85)), piis_type,
             third_party=r.random() < 0.15, claim=r.random() < 0.95)
    if kind == "student":
        d.v["family_allowances_paid"] = r.random() < 0.6
        if d.concluded and d.v["family_allowances_paid"]:
            alimony(d)
    maybe_end_ri(d)


# --------------------------------------------------------------------------- is a PIIS mandatory? deadline


def late_piis(d: Draft) -> None:
    """Signed weeks or months after the 3-month deadline: deadline fails, and so does the 10 %."""
    r = d.rng
    _no_piis(d, days_ago=(300, 1000))
    sign(d, d.deadline() + days(r.randint(5, 120)), r.choice(("social", "employment")),
         third_party=r.random() < 0.1)


def overdue_no_piis(d: Draft) -> None:
    """Mandatory, no PIIS, no exemption, deadline long passed."""
    _no_piis(d, days_ago=(120, 800))


def overdue_no_piis_claimed(d: Draft) -> None:
    """As above, and the 10 % is claimed all the same."""
    _no_piis(d, days_ago=(150, 700))
    claim_subsidy(d)


def pending_deadline(d: Draft) -> None:
    """Decided less than 3 months ago, no PIIS yet: pending (deadline and absence)."""
    r = d.rng
    young = r.random() < 0.4
    grant(d, r.randint(4, 80), new=True)
    if young:
        person(d, young_age(r), trajectory=r.random() < 0.5)
    else:
        person(d, adult_age(r))


def ri_ended_before_deadline(d: Draft) -> None:
    """The RI stopped within the 3 months and no PIIS was concluded: no deadline to meet, no
    motivated decision due (deadline and absence-motivated not applicable)."""
    r = d.rng
    _no_piis(d, days_ago=(200, 900))
    end_ri(d, d.decision + days(r.randint(20, 70)))


def not_new_adult(d: Draft) -> None:
    """25 or over, RI in the previous 3 months: no obligation, no PIIS."""
    _no_piis(d, days_ago=(30, 900), new=False)


def not_new_adult_optional_piis(d: Draft) -> None:
    """25 or over, not a new beneficiary, an optional social PIIS all the same."""
    _compliant(d, new=False, days_ago=(200, 900))
    d.v["piis_type"] = "social"


def new_by_previous_end_date(d: Draft) -> None:
    """The yes/no answer is empty; the previous right ended long before: new, so mandatory."""
    r = d.rng
    _compliant(d, new=None, days_ago=(100, 900))
    d.v["previous_ri_end_date"] = d.date("ri_start_date") - days(r.randint(100, 500))


def not_new_by_previous_end_date(d: Draft) -> None:
    """The yes/no answer is empty; the previous right ended weeks ago: not new, no obligation."""
    r = d.rng
    _no_piis(d, new=None, days_ago=(60, 800))
    d.v["previous_ri_end_date"] = d.date("ri_start_date") - days(r.randint(3, 60))


def new_unknown_concluded(d: Draft) -> None:
    """25+, neither the yes/no answer nor the previous end date: obligation unknown
    (missing_data), although a PIIS was concluded."""
    _compliant(d, new=None, days_ago=(100, 900))


def new_unknown_no_piis(d: Draft) -> None:
    """25+, obligation unknown, no PIIS: deadline and absence give missing_data."""
    _no_piis(d, new=None, days_ago=(100, 900))


def birth_date_unknown(d: Draft) -> None:
    """Not a new beneficiary, on an employment trajectory, birth date empty: mandatory under 25
    only, so unknown."""
    r = d.rng
    grant(d, r.randint(100, 900), new=False)
    person(d, r.randint(20, 40), trajectory=True)
    d.v["birth_date"] = None


def young_trajectory_not_new(d: Draft) -> None:
    """Under 25, not new, on an employment trajectory: mandatory all the same (loi art. 11)."""
    _compliant(d, kind="trajectory", new=False, days_ago=(100, 900))


def young_not_new_no_obligation(d: Draft) -> None:
    """Under 25, not new, neither studies nor trajectory: no obligation."""
    r = d.rng
    grant(d, r.randint(60, 900), new=False)
    person(d, young_age(r))


def young_trajectory_unknown(d: Draft) -> None:
    """Under 25, not new, not a student, trajectory cell empty: obligation unknown."""
    r = d.rng
    grant(d, r.randint(60, 900), new=False)
    person(d, young_age(r))
    d.v["employment_trajectory"] = None


def employment_measure(d: Draft) -> None:
    """Art. 60 §7 with complementary RI: never mandatory."""
    r = d.rng
    _no_piis(d, days_ago=(60, 900))
    d.v["employment_measure"] = True
    monthly_amount(d, r.choice((0.2, 0.35)))


def employment_measure_young(d: Draft) -> None:
    """Under 25 and new, but in an employment measure: never mandatory, whatever the age."""
    r = d.rng
    grant(d, r.randint(60, 900), new=True)
    person(d, young_age(r))
    d.v["employment_measure"] = True


def complementary_work(d: Draft) -> None:
    """Works part-time with RI on top: never mandatory."""
    r = d.rng
    _no_piis(d, days_ago=(60, 900))
    d.v["complementary_ri_with_work"] = True
    monthly_amount(d, r.choice((0.3, 0.55)))


def _requested(d: Draft, by: str, request_days_ago: int) -> None:
    r = d.rng
    _no_piis(d, days_ago=(request_days_ago + 30, request_days_ago + 400), new=False)
    request = weekday_before(d.anchor - days(request_days_ago))
    d.v["piis_requested_by"] = by
    d.v["piis_request_date"] = max(request, d.decision + days(r.randint(5, 20)))


def request_cpas_in_time(d: Draft) -> None:
    """Not mandatory by law, the CPAS asked: mandatory, deadline counted from the request."""
    r = d.rng
    _requested(d, "cpas", r.randint(150, 700))
    sign(d, d.date("piis_request_date") + days(r.randint(10, 80)), r.choice(("social", "employment")))


def request_cpas_late(d: Draft) -> None:
    """The CPAS asked, and signed more than 3 months after its own request."""
    r = d.rng
    _requested(d, "cpas", r.randint(250, 700))
    sign(d, d.deadline(d.date("piis_request_date")) + days(r.randint(5, 60)), "social")


def request_beneficiary_pending(d: Draft) -> None:
    """The person asked for a PIIS weeks ago: pending."""
    _requested(d, "beneficiary", d.rng.randint(5, 70))


def request_beneficiary_overdue(d: Draft) -> None:
    """The person asked, months ago, and nothing was done: the request binds the CPAS."""
    _requested(d, "beneficiary", d.rng.randint(130, 500))


def request_with_employment_measure(d: Draft) -> None:
    """In an art. 60 measure (never mandatory), but the person asked: the request binds."""
    r = d.rng
    _requested(d, "beneficiary", r.randint(150, 700))
    d.v["employment_measure"] = True
    sign(d, d.date("piis_request_date") + days(r.randint(10, 70)), "employment")


def moved_adult(d: Draft) -> None:
    """25+, moved from another CPAS without interruption: the new CPAS has no obligation."""
    _no_piis(d, days_ago=(60, 900), new=False)
    d.v["moved_from_other_cpas"] = True
    d.v["previous_ri_end_date"] = d.date("ri_start_date") - days(1)


def moved_young_transferred(d: Draft) -> None:
    """Under 25, moved: the obligation stays and the student PIIS signed at the previous CPAS is
    transferred (circular §4.4), so it predates this decision."""
    r = d.rng
    grant(d, r.randint(100, 800), new=False)
    person(d, young_age(r), studies=True)
    d.v["moved_from_other_cpas"] = True
    d.v["previous_ri_end_date"] = d.date("ri_start_date") - days(1)
    sign(d, d.decision - days(r.randint(60, 200)), "student", claim=False)
    d.v["family_allowances_paid"] = False


def _exempted(d: Draft, reason: str, motivation: str | None, *, with_date: bool = True) -> None:
    r = d.rng
    _no_piis(d, days_ago=(150, 900))
    d.v["exemption_reason"] = reason
    if with_date:
        d.v["exemption_decision_date"] = weekday_before(d.decision + days(r.randint(10, 60)))
    d.v["exemption_motivation"] = motivation


def exemption_health(d: Draft) -> None:
    """Health reasons, decided and double-motivated: absence-motivated passes."""
    _exempted(d, "health", d.rng.choice(names.EXEMPTION_MOTIVATIONS_HEALTH))


def exemption_equity(d: Draft) -> None:
    """Equity reasons, decided and motivated."""
    _exempted(d, "equity", d.rng.choice(names.EXEMPTION_MOTIVATIONS_EQUITY))


def exemption_without_motivation(d: Draft) -> None:
    """An exemption decision with no motivation on file: absence-motivated fails."""
    _exempted(d, d.rng.choice(("health", "equity")), None)


def exemption_capacity_only(d: Draft) -> None:
    """Motivated only by (in)capacity to work: passes with a note (double motivation)."""
    _exempted(d, "health", d.rng.choice(names.EXEMPTION_MOTIVATIONS_CAPACITY_ONLY))


def exemption_without_decision(d: Draft) -> None:
    """A ground and a text, but no decision date: not an exemption, so the deadline fails."""
    _exempted(d, "health", d.rng.choice(names.EXEMPTION_MOTIVATIONS_HEALTH), with_date=False)


# --------------------------------------------------------------------------- social balance


def balance_missing(d: Draft) -> None:
    """No social balance on file."""
    _compliant(d, days_ago=(100, 1000))
    d.v["social_balance_date"] = None


def balance_after_signature(d: Draft) -> None:
    """The needs analysis is dated after the contract it should have prepared."""
    r = d.rng
    _compliant(d, days_ago=(100, 1000))
    d.v["social_balance_date"] = weekday_before(d.date("piis_signed_date") + days(r.randint(4, 40)))


def _reactivated(d: Draft, gap_days: int | None, new: bool) -> None:
    _compliant(d, new=new, days_ago=(100, 900))
    d.v["social_balance_date"] = None
    d.v["reactivation_consent_date"] = d.date("piis_signed_date")
    d.v["previous_ri_end_date"] = (None if gap_days is None
                                   else d.date("ri_start_date") - days(gap_days))
    if not new:
        d.v["ri_in_previous_3_months"] = True


def reactivation_short_gap(d: Draft) -> None:
    """A PIIS reactivated after an interruption of a few weeks: no new balance needed."""
    _reactivated(d, d.rng.randint(15, 80), new=False)


def reactivation_long_gap(d: Draft) -> None:
    """Reactivated after more than 3 months: the exception does not apply, a balance was due."""
    _reactivated(d, d.rng.randint(120, 300), new=True)


def reactivation_gap_unknown(d: Draft) -> None:
    """Reactivated, no balance, end of the previous right not on file: cannot decide."""
    _reactivated(d, None, new=False)


def balance_unreadable(d: Draft) -> None:
    """The social balance date is a typo (31st of a 30-day month): a data error, missing_data."""
    _compliant(d, days_ago=(100, 900))
    d.v["social_balance_date"] = invalid_date_text(d.date("piis_signed_date") - days(30))


# --------------------------------------------------------------------------- mentions and signatures


def mention_false(d: Draft) -> None:
    """One or two mandatory mentions absent from the contract."""
    r = d.rng
    _compliant(d, days_ago=(90, 1000))
    for name in r.sample(GENERAL_MENTIONS, r.choice((1, 1, 2))):
        d.v[name] = False


def mention_empty(d: Draft) -> None:
    """One mention left empty in the export: cannot decide."""
    r = d.rng
    _compliant(d, days_ago=(90, 1000))
    d.v[r.choice(GENERAL_MENTIONS)] = None


def third_party_role_missing(d: Draft) -> None:
    """A third party to the contract, its role not described."""
    _compliant(d, days_ago=(90, 1000), third_party=True)
    d.v["mention_third_party_role"] = False


def student_mention_false(d: Draft) -> None:
    """A student PIIS silent on maintenance or on the study allowance."""
    r = d.rng
    _compliant(d, kind="student", days_ago=(90, 1000))
    d.v[r.choice(("mention_maintenance", "mention_study_allowance"))] = False


def student_mention_empty(d: Draft) -> None:
    """A student PIIS with an empty student-mention cell."""
    r = d.rng
    _compliant(d, kind="student", days_ago=(90, 1000))
    d.v[r.choice(STUDENT_MENTIONS)] = None


def cpas_signature_missing(d: Draft) -> None:
    """The CPAS never signed its copy."""
    _compliant(d, days_ago=(90, 1000))
    d.v["signed_cpas"] = False


def third_party_unsigned(d: Draft) -> None:
    """A third party named in the contract did not sign."""
    _compliant(d, days_ago=(90, 1000), third_party=True)
    d.v["signed_third_party"] = False


def beneficiary_signature_unknown(d: Draft) -> None:
    """The beneficiary-signature cell is empty: cannot decide."""
    _compliant(d, days_ago=(90, 1000))
    d.v["signed_beneficiary"] = None


def short_reflection(d: Draft) -> None:
    """Draft handed over less than 5 calendar days before signing: a note."""
    r = d.rng
    _compliant(d, days_ago=(90, 1000))
    d.v["draft_given_date"] = d.date("piis_signed_date") - days(r.randint(0, 3))


# --------------------------------------------------------------------------- evaluations


def _evaluated(d: Draft, pattern: str) -> None:
    _compliant(d, days_ago=(520, 1000))
    _set_first_complete_year(d)
    d.eval_pattern = pattern


def evaluations_unformalised(d: Draft) -> None:
    """Three evaluations in the first year, two without a written report."""
    _evaluated(d, "unformalised")


def evaluations_few_interviews(d: Draft) -> None:
    """Three formalised evaluations in a complete year, only one in person."""
    _evaluated(d, "few_interviews")


def evaluations_none(d: Draft) -> None:
    """A complete year without any evaluation."""
    _evaluated(d, "none")


def evaluations_report_unknown(d: Draft) -> None:
    """The deciding evaluation's report cell is empty: cannot decide."""
    _evaluated(d, "unknown_report")


def evaluations_second_year_short(d: Draft) -> None:
    """A good first year, only two evaluations in the second complete year."""
    _compliant(d, days_ago=(880, 1080))
    _set_first_complete_year(d)
    d.v["piis_end_date"] = dates.month_period_end(d.piis_start(), 36).value
    d.eval_pattern = "second_year_short"


def evaluations_short_closed_ok(d: Draft) -> None:
    """The right ended 4 months into the PIIS, one formalised evaluation: enough pro rata."""
    r = d.rng
    _compliant(d, days_ago=(300, 900))
    d.v["ri_end_date"] = d.piis_start() + days(r.randint(110, 150))


def evaluations_short_closed_fail(d: Draft) -> None:
    """The right ended 9 months into the PIIS with one evaluation (two due pro rata)."""
    r = d.rng
    _compliant(d, days_ago=(450, 1000))
    _set_first_complete_year(d)
    d.v["ri_end_date"] = d.piis_start() + days(r.randint(260, 330))
    d.eval_pattern = "short_fail"


def evaluations_behind(d: Draft) -> None:
    """Started 8½ to 10½ months ago, a single evaluation: pending, behind the pace (two due)."""
    _compliant(d, days_ago=(290, 330), sign_after=(12, 30))
    d.v["piis_start_date"] = d.date("piis_signed_date")
    d.v["piis_end_date"] = dates.month_period_end(d.piis_start(), 12).value
    d.v["ri_end_date"] = None
    d.eval_pattern = "behind"


def evaluations_not_started(d: Draft) -> None:
    """Signed days ago, taking effect after the audit date: nothing to evaluate yet."""
    r = d.rng
    grant(d, r.randint(20, 60), new=True)
    person(d, adult_age(r))
    sign(d, d.anchor - days(r.randint(1, 8)), "social")
    start = d.anchor + days(r.randint(3, 20))
    d.v["piis_start_date"] = start
    d.v["piis_end_date"] = dates.month_period_end(start, 12).value


# --------------------------------------------------------------------------- sanctions


def _sanctioned(d: Draft, *plan: tuple[int, int, frozenset[str]]) -> None:
    """A compliant PIIS with sanctions: each (days after the PIIS start, months, breaks)."""
    _compliant(d, days_ago=(600, 1000))
    _set_first_complete_year(d)
    start = d.piis_start()
    for offset, months, breaks in plan:
        decided = start + days(offset)
        if decided > d.anchor - days(45):
            decided = d.anchor - days(45)
        sanction(d, decided, months=months, breaks=breaks)


def _one(breaks: str = "", months: int = 1) -> Family:
    def build(d: Draft) -> None:
        _sanctioned(d, (d.rng.randint(90, 300), months, frozenset(breaks.split()) if breaks else frozenset()))
    return build


def sanction_repeat_ok(d: Draft) -> None:
    """A second sanction within a year: up to 3 months allowed."""
    r = d.rng
    first = r.randint(60, 120)
    _sanctioned(d, (first, 1, frozenset()), (first + r.randint(120, 250), 3, frozenset()))


def sanction_repeat_too_long(d: Draft) -> None:
    """A repeat suspended for 4 months: more than the 3 allowed."""
    r = d.rng
    first = r.randint(60, 120)
    _sanctioned(d, (first, 1, frozenset()), (first + r.randint(120, 250), 4, frozenset()))


def sanction_later_not_repeat(d: Draft) -> None:
    """A second sanction more than a year after the first, suspended for 2 months: not a
    repeat, so one month was the maximum."""
    _sanctioned(d, (30, 1, frozenset()), (30 + 400, 2, frozenset()))


def sanction_third(d: Draft) -> None:
    """A third sanction (each correct): a note about withdrawing the right."""
    _sanctioned(d, (60, 1, frozenset()), (180, 3, frozenset()), (330, 3, frozenset()))


# --------------------------------------------------------------------------- the 10 % (increased subsidy)


def subsidy_too_early(d: Draft) -> None:
    """The 10 % claimed from a month before the signature month."""
    r = d.rng
    _compliant(d, days_ago=(200, 1000))
    d.v["subsidy_increase_start_date"] = dates.shift_months(
        dates.first_of_month(d.date("piis_signed_date")), -r.randint(1, 2)).value


def subsidy_before_decision(d: Draft) -> None:
    """RI decided and PIIS signed in the same month, claimed from the 1st: before the grant."""
    r = d.rng
    _compliant(d, days_ago=(200, 1000))
    decision = weekday_before(d.decision.replace(day=r.randint(6, 12)))
    d.v["ri_decision_date"] = decision
    d.v["ri_start_date"] = decision - days(r.randint(3, 20))
    signed = weekday_before(decision + days(r.randint(8, 14)))
    d.v["piis_signed_date"] = signed
    d.v["social_balance_date"] = decision - days(r.randint(2, 10))
    d.v["draft_given_date"] = signed - days(6)
    d.v["piis_start_date"] = signed
    d.v["piis_end_date"] = dates.month_period_end(signed, 12).value
    d.v["subsidy_increase_start_date"] = dates.first_of_month(signed)


def subsidy_circular_example(d: Draft) -> None:
    """Signed late in the month, in force on the 1st of the next, claimed from the 1st of the
    signature month: the circular's own example, compliant."""
    r = d.rng
    _compliant(d, days_ago=(200, 1000))
    signed = d.date("piis_signed_date")
    signed = weekday_before(signed.replace(day=r.randint(18, 26)))
    if signed > dates.month_period_end(d.decision, 3).value or signed <= d.decision:
        signed = weekday_before(d.decision + days(20))
    d.v["piis_signed_date"] = signed
    d.v["social_balance_date"] = signed - days(r.randint(10, 20))
    d.v["draft_given_date"] = signed - days(7)
    d.v["piis_start_date"] = dates.first_of_month_after(signed, 1)
    d.v["piis_end_date"] = dates.month_period_end(d.piis_start(), 12).value
    d.v["subsidy_increase_start_date"] = max(dates.first_of_month(signed), d.decision)


def subsidy_start_late(d: Draft) -> None:
    """The PIIS takes effect more than a month after it was signed."""
    r = d.rng
    _compliant(d, days_ago=(200, 1000))
    start = dates.shift_months(d.date("piis_signed_date"), 1).value + days(r.randint(3, 45))
    d.v["piis_start_date"] = start
    d.v["piis_end_date"] = dates.month_period_end(start, 12).value


def subsidy_not_claimed(d: Draft) -> None:
    """A compliant PIIS for which the 10 % is not claimed."""
    _compliant(d, days_ago=(90, 1000), claim=False)


def subsidy_start_unreadable(d: Draft) -> None:
    """The claim's start date written month-first (01/13/...): a data error, missing_data."""
    _compliant(d, days_ago=(100, 900))
    d.v["subsidy_increase_start_date"] = f"01/13/{d.date('piis_signed_date').year}"


# --------------------------------------------------------------------------- students' maintenance debtors


def _student(d: Draft, age: int | None, allowances: bool | None) -> None:
    _compliant(d, kind="student", age=age, days_ago=(120, 900))
    for name in ("alimony_investigation_date", "recovery_decision", "recovery_decision_date",
                 "recovery_notified_applicant_date", "recovery_notified_debtors_date"):
        d.v[name] = None
    d.v["family_allowances_paid"] = allowances


def student_minor_recovered(d: Draft) -> None:
    """17 at the decision: parents investigated, recovery decided and notified to all."""
    _student(d, 17, None)
    alimony(d, decision="recover")


def student_minor_not_investigated(d: Draft) -> None:
    """17 at the decision, parents' means never investigated."""
    _student(d, 17, True)


def student_waived_without_investigation(d: Draft) -> None:
    """Family allowances paid; no inquiry, but an equity waiver decided and notified to the
    student: investigation passes, and so does the recovery decision (a waiver is one)."""
    r = d.rng
    _student(d, None, True)
    d.v["recovery_decision"] = "waive"
    d.v["recovery_decision_date"] = weekday_before(d.decision + days(r.randint(5, 20)))
    d.v["recovery_notified_applicant_date"] = d.date("recovery_decision_date") + days(3)


def student_waived(d: Draft) -> None:
    """Investigated, recovery waived, notified to the student."""
    _student(d, None, True)
    alimony(d, decision="waive")


def student_debtors_not_notified(d: Draft) -> None:
    """Recovery decided but never notified to the parents."""
    _student(d, None, True)
    alimony(d, decision="recover", notify_debtors=False)


def student_applicant_not_notified(d: Draft) -> None:
    """Recovery decided, notified to the parents but not to the student."""
    _student(d, None, True)
    alimony(d, decision="recover", notify_applicant=False)


def student_decision_pending(d: Draft) -> None:
    """Investigated a few days ago, no decision yet: pending."""
    r = d.rng
    _student(d, None, True)
    alimony(d, decision=None, investigation_day=weekday_before(d.anchor - days(r.randint(3, 20))))


def student_decision_overdue(d: Draft) -> None:
    """Investigated months ago, never decided."""
    _student(d, None, True)
    alimony(d, decision=None)


def student_no_allowances(d: Draft) -> None:
    """18 or over, no family allowances: the parents are not maintenance debtors here."""
    _student(d, None, False)


def student_allowances_unknown(d: Draft) -> None:
    """18 or over, family-allowance cell empty: cannot decide."""
    _student(d, None, None)


# --------------------------------------------------------------------------- category-3 couple


def couple(d: Draft) -> None:
    """Two partners sharing a category-3 income, each with a case of their own (decided per
    partner); ``d.partner`` is the second file."""
    r = d.rng
    _compliant(d, days_ago=(100, 900))
    d.v["category"] = 3
    other = Draft(r, d.anchor, str(d.v["social_worker"]), str(d.v["office"]))
    grant(other, 0, new=True)
    other.v["ri_decision_date"] = d.decision
    other.v["ri_start_date"] = d.v["ri_start_date"]
    person(other, adult_age(r))
    other.v["category"] = 3
    sign(other, d.decision + days(r.randint(20, 80)), "social")
    d.partner = other


# --------------------------------------------------------------------------- the catalogue


def _f(build: Family, share: float, minimum: int = 2, *, problem: bool = True,
       cases: int = 1) -> FamilySpec:
    return FamilySpec(name=build.__name__, build=build, share=share, minimum=minimum,
                      problem=problem, cases=cases)


def _named(name: str, build: Family) -> Family:
    build.__name__ = name
    return build


FAMILIES: tuple[FamilySpec, ...] = (
    # deadline / mandatory
    _f(late_piis, 0.02, 4),
    _f(overdue_no_piis, 0.012, 3),
    _f(overdue_no_piis_claimed, 0.003),
    _f(pending_deadline, 0.008, 3, problem=False),
    _f(ri_ended_before_deadline, 0.005),
    _f(not_new_adult, 0.012, 3, problem=False),
    _f(not_new_adult_optional_piis, 0.008, 1, problem=False),
    _f(new_by_previous_end_date, 0.004, 1, problem=False),
    _f(not_new_by_previous_end_date, 0.004, 1, problem=False),
    _f(new_unknown_concluded, 0.003),
    _f(new_unknown_no_piis, 0.003),
    _f(birth_date_unknown, 0.002),
    _f(young_trajectory_not_new, 0.005, 1, problem=False),
    _f(young_not_new_no_obligation, 0.004, 1, problem=False),
    _f(young_trajectory_unknown, 0.002),
    _f(employment_measure, 0.008, problem=False),
    _f(employment_measure_young, 0.003, 1, problem=False),
    _f(complementary_work, 0.008, 1, problem=False),
    _f(request_cpas_in_time, 0.004, 1, problem=False),
    _f(request_cpas_late, 0.002),
    _f(request_beneficiary_pending, 0.002, problem=False),
    _f(request_beneficiary_overdue, 0.002),
    _f(request_with_employment_measure, 0.002, 1, problem=False),
    _f(moved_adult, 0.005, problem=False),
    _f(moved_young_transferred, 0.003, 1, problem=False),
    _f(exemption_health, 0.006, problem=False),
    _f(exemption_equity, 0.003, 1, problem=False),
    _f(exemption_without_motivation, 0.003),
    _f(exemption_capacity_only, 0.003),
    _f(exemption_without_decision, 0.002),
    # social balance
    _f(balance_missing, 0.01, 3),
    _f(balance_after_signature, 0.008, 3),
    _f(reactivation_short_gap, 0.004, problem=False),
    _f(reactivation_long_gap, 0.002),
    _f(reactivation_gap_unknown, 0.002),
    _f(balance_unreadable, 0.0002, 1),
    # mentions, signatures
    _f(mention_false, 0.01, 3),
    _f(mention_empty, 0.004),
    _f(third_party_role_missing, 0.004),
    _f(student_mention_false, 0.004),
    _f(student_mention_empty, 0.002),
    _f(cpas_signature_missing, 0.004),
    _f(third_party_unsigned, 0.003),
    _f(beneficiary_signature_unknown, 0.002),
    _f(short_reflection, 0.01, 3),
    # evaluations
    _f(evaluations_unformalised, 0.01, 3),
    _f(evaluations_few_interviews, 0.008, 3),
    _f(evaluations_none, 0.004),
    _f(evaluations_report_unknown, 0.002),
    _f(evaluations_second_year_short, 0.003),
    _f(evaluations_short_closed_ok, 0.004, 1, problem=False),
    _f(evaluations_short_closed_fail, 0.004),
    _f(evaluations_behind, 0.005),
    _f(evaluations_not_started, 0.002, problem=False),
    # sanctions
    _f(_named("sanction_compliant", _one()), 0.005, 3, problem=False),
    _f(_named("sanction_no_warning", _one("no_warning")), 0.002),
    _f(_named("sanction_warning_after_decision", _one("warning_after")), 0.001, 1),
    _f(_named("sanction_no_hearing_invitation", _one("no_invitation")), 0.002),
    _f(_named("sanction_heard_after_decision", _one("heard_after")), 0.001, 1),
    _f(_named("sanction_no_advice", _one("no_advice")), 0.002),
    _f(_named("sanction_no_motivation", _one("no_motivation")), 0.002),
    _f(_named("sanction_not_notified", _one("not_notified")), 0.002),
    _f(_named("sanction_too_long", _one("", months=2)), 0.002),
    _f(_named("sanction_duration_days", _one("duration_days")), 0.002, 1, problem=False),
    _f(_named("sanction_start_not_after_notification", _one("start_not_after_notification")), 0.002),
    _f(_named("sanction_start_too_late", _one("start_too_late")), 0.002),
    _f(_named("sanction_unreadable_notification", _one("invalid_notified")), 0.0002, 1),
    _f(sanction_repeat_ok, 0.002, 1, problem=False),
    _f(sanction_repeat_too_long, 0.001),
    _f(sanction_later_not_repeat, 0.001, 1),
    _f(sanction_third, 0.001, 1),
    # the 10 %
    _f(subsidy_too_early, 0.006, 3),
    _f(subsidy_before_decision, 0.003),
    _f(subsidy_circular_example, 0.004, 1, problem=False),
    _f(subsidy_start_late, 0.004),
    _f(subsidy_not_claimed, 0.005, 1, problem=False),
    _f(subsidy_start_unreadable, 0.0002, 1),
    # maintenance debtors of students
    _f(student_minor_recovered, 0.002, problem=False),
    _f(student_minor_not_investigated, 0.002),
    _f(student_waived_without_investigation, 0.002, problem=False),
    _f(student_waived, 0.004, 1, problem=False),
    _f(student_debtors_not_notified, 0.003),
    _f(student_applicant_not_notified, 0.002),
    _f(student_decision_pending, 0.002, problem=False),
    _f(student_decision_overdue, 0.003),
    _f(student_no_allowances, 0.004, 1, problem=False),
    _f(student_allowances_unknown, 0.002),
    # category-3 couple
    _f(couple, 0.003, 1, problem=False, cases=2),
)

ORDINARY = FamilySpec(name="ordinary", build=ordinary, share=1.0, minimum=0, problem=False)
