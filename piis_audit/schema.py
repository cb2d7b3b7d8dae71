"""The canonical export layout (``docs/export-format.md``): tables, fields, types, and what an empty cell means.

Everything that reads, validates or explains case data takes field facts from here, so a field
is described once. Aliases are matched after :func:`normalise_name`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import Enum


class FieldType(str, Enum):
    TEXT = "text"
    DATE = "date"
    BOOL = "bool"
    NUMBER = "number"  # decimal, comma or point
    INTEGER = "integer"
    CHOICE = "choice"  # one of FieldSpec.choices


class EmptyMeans(str, Enum):
    """What an empty cell means for a field (docs/export-format.md, "What an empty cell means")."""

    UNKNOWN = "unknown"  # a fact: a question that needs it gives missing_data
    NOT_ON_FILE = "not_on_file"  # a step, party or decision: it did not happen / is not on file
    NOT_SHOWN = "not_shown"  # an exception that lifts an obligation: it does not apply


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    empty: EmptyMeans
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    required: bool = False
    personal: bool = False  # personal data, removed by --redact
    description: str = ""


@dataclass(frozen=True)
class TableSpec:
    name: str
    fields: tuple[FieldSpec, ...]
    aliases: tuple[str, ...] = ()
    required: bool = False
    by_name: dict[str, FieldSpec] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_name.update({f.name: f for f in self.fields})


def normalise_name(name: str) -> str:
    """Normalise a header or table name: case, accents, surrounding spaces, and spaces, hyphens,
    dots and underscores inside (``" Case_ID "``, ``CASE-ID`` and ``case id`` all give ``caseid``)."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in stripped.casefold() if c not in " \t\r\n-._\u00a0")


T, D, B, N, I, C = (FieldType.TEXT, FieldType.DATE, FieldType.BOOL, FieldType.NUMBER,
                    FieldType.INTEGER, FieldType.CHOICE)
U, S, X = EmptyMeans.UNKNOWN, EmptyMeans.NOT_ON_FILE, EmptyMeans.NOT_SHOWN


def _f(name: str, type_: FieldType, empty: EmptyMeans, *aliases: str, choices: tuple[str, ...] = (),
       required: bool = False, personal: bool = False, description: str = "") -> FieldSpec:
    return FieldSpec(name, type_, empty, tuple(aliases), choices, required, personal, description)


CASES = TableSpec("cases", aliases=("dossiers", "dossier", "cas", "case", "dossiersri", "gpmi", "piis"),
                  required=True, fields=(
    _f("case_id", T, S, "numero de dossier", "n° dossier", "no dossier", "num dossier", "dossier",
       "dossiernummer", "dossier nr", "file number", "case number", "case", required=True,
       description="file number"),
    _f("social_worker", T, S, "assistant social", "assistante sociale", "travailleur social", "as",
       "maatschappelijk werker", "maatschappelijk assistent", "dossierbeheerder", "caseworker",
       description="social worker in charge"),
    _f("office", T, S, "antenne", "service", "equipe", "team", "afdeling", "dienst", "antenna",
       description="antenna or team"),
    _f("beneficiary_name", T, S, "nom", "nom du beneficiaire", "beneficiaire", "naam", "naam cliënt",
       "naam client", "begunstigde", "name", "beneficiary", personal=True,
       description="beneficiary's name"),
    _f("birth_date", D, U, "date de naissance", "naissance", "geboortedatum", "date of birth", "dob",
       personal=True, description="beneficiary's date of birth"),
    _f("category", I, U, "categorie", "categorie ri", "categorie leefloon", "categorie", "cat",
       "leefloon categorie", "ri category", choices=("1", "2", "3"),
       description="integration-income category (1 cohabitant, 2 isolé, 3 famille à charge)"),
    _f("partner_case_id", T, S, "dossier partenaire", "dossier du partenaire", "dossiernummer partner",
       "partner dossier", "partner case", description="the partner's case (category 3 couple)"),
    _f("ri_decision_date", D, S, "date decision ri", "date de decision", "date decision", "decision ri",
       "date decision cssss", "beslissingsdatum", "beslissingsdatum leefloon", "datum beslissing",
       "decision date", required=True, description="date of the decision granting the RI"),
    _f("ri_start_date", D, S, "date debut ri", "debut ri", "debut du droit", "startdatum leefloon",
       "begindatum leefloon", "ingangsdatum leefloon", "ri start", description="first day of the right"),
    _f("ri_end_date", D, S, "date fin ri", "fin ri", "fin du droit", "einddatum leefloon", "ri end",
       description="last day of the right"),
    _f("ri_in_previous_3_months", B, U, "ri dans les 3 mois precedents", "ri 3 mois precedents",
       "ri 3 derniers mois", "leefloon vorige 3 maanden", "leefloon in de 3 voorgaande maanden",
       "ri previous 3 months", description="RI received in the 3 months before this grant"),
    _f("previous_ri_end_date", D, U, "fin ri precedent", "date fin ri precedent", "einddatum vorig leefloon",
       "einde vorig leefloon", "previous ri end", description="end of the previous RI right"),
    _f("moved_from_other_cpas", B, X, "demenagement", "venant d'un autre cpas", "transfert cpas",
       "verhuisd", "verhuisd van ander ocmw", "overdracht ocmw", "moved", "moved from other cpas",
       description="transferred from another CPAS after a move"),
    _f("full_time_studies", B, U, "etudes de plein exercice", "etudes plein exercice", "etudiant",
       "voltijds onderwijs", "voltijdse studies", "student", "full time studies",
       description="right granted with full-time studies"),
    _f("employment_trajectory", B, U, "trajet emploi", "trajet vers l'emploi", "trajet menant a l'emploi",
       "traject naar werk", "tewerkstellingstraject", "trajectory", description="trajectory to a work contract"),
    _f("employment_measure", B, X, "mesure d'emploi", "mesure emploi", "article 60", "art 60",
       "tewerkstellingsmaatregel", "artikel 60", description="employment measure with complementary RI"),
    _f("complementary_ri_with_work", B, X, "ri complementaire travail", "ri complement de revenus du travail",
       "travaille", "aanvullend leefloon", "aanvullend leefloon werk", "werkt", "works",
       description="works and gets RI on top"),
    _f("piis_requested_by", C, S, "piis demande par", "demande piis par", "demandeur piis",
       "gpmi aangevraagd door", "aanvrager gpmi", "requested by", choices=("beneficiary", "cpas"),
       description="who asked for a PIIS that was not mandatory"),
    _f("piis_request_date", D, S, "date demande piis", "date de la demande piis", "datum aanvraag gpmi",
       "aanvraagdatum gpmi", "request date", description="when that request was made"),
    _f("piis_type", C, S, "type piis", "type de piis", "type gpmi", "soort gpmi", "gpmi type",
       choices=("employment", "student", "social"), description="the PIIS concluded"),
    _f("exemption_reason", C, S, "motif dispense", "motif de dispense", "raison dispense", "dispense",
       "reden vrijstelling", "vrijstelling", "vrijstellingsreden", "exemption",
       choices=("health", "equity"), description="ground for concluding no PIIS"),
    _f("exemption_decision_date", D, S, "date decision dispense", "date dispense", "datum beslissing vrijstelling",
       "datum vrijstelling", "exemption date", description="decision not to conclude a PIIS"),
    _f("exemption_motivation", T, S, "motivation dispense", "motivation", "motivering vrijstelling",
       "motivering", description="motivation of that decision"),
    _f("social_balance_date", D, S, "date bilan social", "bilan social", "analyse des besoins",
       "datum sociale balans", "sociale balans", "social balance", "needs analysis",
       description="social balance / needs analysis"),
    _f("draft_given_date", D, S, "date remise projet", "date projet remis", "projet remis",
       "datum ontwerp overhandigd", "ontwerp overhandigd", "draft given", description="draft handed over"),
    _f("piis_signed_date", D, S, "date signature piis", "date de signature", "date signature", "signe le",
       "datum ondertekening", "ondertekend op", "datum ondertekening gpmi", "signed date", "signature date",
       description="date the last party signed"),
    _f("piis_start_date", D, S, "date debut piis", "debut piis", "entree en vigueur", "startdatum gpmi",
       "startdatum", "ingangsdatum gpmi", "piis start", description="date the PIIS takes effect"),
    _f("piis_end_date", D, S, "date fin piis", "fin piis", "einddatum gpmi", "einddatum", "piis end",
       description="planned end of the PIIS"),
    _f("reactivation_consent_date", D, X, "date consentement reactivation", "reactivation",
       "datum toestemming heractivering", "heractivering", "reactivation date",
       description="consent to reactivate a previous PIIS"),
    _f("signed_beneficiary", B, U, "signe beneficiaire", "signature beneficiaire", "ondertekend begunstigde",
       "handtekening begunstigde", "ondertekend cliënt", "signed by beneficiary",
       description="beneficiary's signature present"),
    _f("signed_cpas", B, U, "signe cpas", "signature cpas", "ondertekend ocmw", "handtekening ocmw",
       "signed by cpas", description="CPAS signature present"),
    _f("third_party", T, S, "tiers", "partie tierce", "derde", "derde partij", "third party",
       description="third party to the contract"),
    _f("signed_third_party", B, U, "signe tiers", "signature tiers", "ondertekend derde", "handtekening derde",
       "signed by third party", description="third party's signature present"),
    _f("mention_commitments", B, U, "mention engagements", "engagements", "vermelding engagementen",
       "engagementen", "afspraken", "commitments", description="agreements and efforts of each party"),
    _f("mention_objectives", B, U, "mention objectifs", "objectifs", "vermelding doelstellingen",
       "doelstellingen", "objectives", description="objectives"),
    _f("mention_domains", B, U, "mention domaines", "domaines", "vermelding levensdomeinen", "levensdomeinen",
       "domains", description="life domains covered"),
    _f("mention_duration", B, U, "mention duree", "duree", "vermelding duur", "duur", "duration",
       description="duration"),
    _f("mention_evaluation_schedule", B, U, "mention modalites evaluation", "modalites d'evaluation",
       "calendrier evaluation", "vermelding evaluatiemodaliteiten", "evaluatiekalender", "evaluation schedule",
       description="evaluation modalities and calendar"),
    _f("mention_additional_aid", B, U, "mention aide supplementaire", "aide supplementaire",
       "vermelding bijkomende hulp", "bijkomende hulp", "additional aid", description="additional aid"),
    _f("mention_counsellor", B, U, "mention conseiller", "conseiller", "vermelding trajectbegeleider",
       "trajectbegeleider", "counsellor", description="personal counsellor"),
    _f("mention_substitute", B, U, "mention remplacant", "remplacant", "vermelding vervanger", "vervanger",
       "substitute", description="substitute counsellor"),
    _f("mention_third_party_role", B, U, "mention role tiers", "role du tiers", "vermelding rol derde",
       "rol derde", "third party role", description="the third party's contribution"),
    _f("mention_studies", B, U, "mention etudes", "type d'etablissement", "vermelding studies",
       "onderwijsinstelling", "studies", description="studies and establishment"),
    _f("mention_study_allowance", B, U, "mention allocation d'etudes", "allocation d'etudes",
       "duree de l'allocation d'etudes", "vermelding studietoelage", "studietoelage", "study allowance",
       description="study allowance and its duration"),
    _f("mention_family_allowance", B, U, "mention allocations familiales", "allocations familiales piis",
       "vermelding kinderbijslag", "vermelding groeipakket", "family allowance", description="family allowances"),
    _f("mention_maintenance", B, U, "mention aliments", "aliments", "pension alimentaire",
       "vermelding onderhoudsgeld", "onderhoudsgeld", "maintenance", description="maintenance"),
    _f("subsidy_increase_claimed", B, S, "subvention majoree", "subvention majoree demandee", "10%",
       "10 pourcent", "bijzondere toelage", "verhoogde toelage", "bijzondere toelage gevraagd",
       "increased subsidy", "subsidy claimed", description="the 10 % is claimed"),
    _f("ri_monthly_amount", N, S, "montant ri", "montant mensuel ri", "montant mensuel", "bedrag leefloon",
       "maandbedrag leefloon", "maandbedrag", "monthly amount", description="monthly RI paid"),
    _f("subsidy_increase_start_date", D, S, "date debut subvention majoree", "debut subvention majoree",
       "debut 10%", "startdatum bijzondere toelage", "begindatum bijzondere toelage", "subsidy start",
       description="first month the 10 % is claimed from"),
    _f("family_allowances_paid", B, U, "allocations familiales", "allocations familiales payees",
       "kinderbijslag", "groeipakket", "kinderbijslag betaald", "groeipakket betaald", "family allowances",
       description="family allowances still paid for the student"),
    _f("alimony_investigation_date", D, S, "date enquete debiteurs alimentaires", "enquete debiteurs alimentaires",
       "enquete debiteurs", "datum onderzoek onderhoudsplichtigen", "onderzoek onderhoudsplichtigen",
       "alimony investigation", description="inquiry into maintenance debtors' means"),
    _f("recovery_decision", C, S, "decision recouvrement", "recouvrement", "beslissing terugvordering",
       "terugvordering", "recovery", choices=("recover", "waive"), description="decision on recovery"),
    _f("recovery_decision_date", D, S, "date decision recouvrement", "datum beslissing terugvordering",
       "recovery date", description="date of the recovery decision"),
    _f("recovery_notified_applicant_date", D, S, "date notification demandeur", "notifie au demandeur",
       "datum kennisgeving aanvrager", "kennisgeving aanvrager", "notified applicant",
       description="recovery decision notified to the applicant"),
    _f("recovery_notified_debtors_date", D, S, "date notification debiteurs", "notifie aux debiteurs",
       "datum kennisgeving onderhoudsplichtigen", "kennisgeving onderhoudsplichtigen", "notified debtors",
       description="recovery decision notified to the debtors"),
))

EVALUATIONS = TableSpec("evaluations", aliases=("evaluation", "evaluaties", "evaluatie", "suivi",
                                                "suivi piis", "evals"), fields=(
    _f("case_id", T, S, "numero de dossier", "n° dossier", "no dossier", "dossier", "dossiernummer",
       "dossier nr", "case", required=True),
    _f("evaluation_date", D, S, "date evaluation", "date", "datum evaluatie", "evaluatiedatum", "datum",
       required=True, description="when the evaluation took place"),
    _f("personal_interview", B, U, "entretien personnel", "entretien", "persoonlijk gesprek", "gesprek",
       "interview", description="held in a personal interview"),
    _f("report_present", B, U, "rapport", "rapport present", "formalise", "verslag", "verslag aanwezig",
       "report", description="formalised in writing"),
))

SANCTIONS = TableSpec("sanctions", aliases=("sanction", "sancties", "sanctie", "suspensions"), fields=(
    _f("case_id", T, S, "numero de dossier", "n° dossier", "no dossier", "dossier", "dossiernummer",
       "dossier nr", "case", required=True),
    _f("decision_date", D, S, "date decision", "date de la decision", "datum beslissing", "beslissingsdatum",
       required=True, description="sanction decision"),
    _f("warning_date", D, S, "date mise en demeure", "mise en demeure", "sommation", "avertissement",
       "datum aanmaning", "aanmaning", "warning", description="formal warning"),
    _f("hearing_invitation_date", D, S, "date invitation audition", "invitation audition",
       "convocation audition", "datum uitnodiging hoorzitting", "uitnodiging hoorzitting",
       "hearing invitation", description="informed in writing of the right to be heard"),
    _f("hearing_date", D, S, "date audition", "audition", "entendu le", "datum hoorzitting", "hoorzitting",
       "hearing", description="date the person was heard"),
    _f("social_worker_advice_date", D, S, "date avis assistant social", "avis assistant social", "avis as",
       "datum advies maatschappelijk werker", "advies maatschappelijk werker", "social worker advice",
       description="the social worker's advice"),
    _f("notified_date", D, S, "date notification", "notifie le", "notification", "datum kennisgeving",
       "kennisgeving", "notified", description="decision notified"),
    _f("start_date", D, S, "date debut", "debut suspension", "date debut suspension", "startdatum",
       "begin schorsing", "start", description="first day of the suspension"),
    _f("end_date", D, S, "date fin", "fin suspension", "date fin suspension", "einddatum", "einde schorsing",
       "end", description="last day of the suspension"),
    _f("duration_days", I, S, "duree jours", "duree en jours", "duur dagen", "duur in dagen", "duration",
       description="length of the suspension in days"),
    _f("motivation", T, S, "motivation", "motivering", "reason", description="motivation of the decision"),
))

TABLES: dict[str, TableSpec] = {t.name: t for t in (CASES, EVALUATIONS, SANCTIONS)}

# Fields whose absence as a column is not reported (docs/export-format.md: "optional").
OPTIONAL_COLUMNS: frozenset[tuple[str, str]] = frozenset({
    ("sanctions", "hearing_date"), ("sanctions", "duration_days"), ("sanctions", "end_date"),
    ("cases", "ri_monthly_amount"),
})

PERSONAL_FIELDS: frozenset[str] = frozenset(
    f.name for t in TABLES.values() for f in t.fields if f.personal)
