"""Matching a header on its words, when no exact name or alias fits.

A fixed alias list always lags behind what CPAS software exports write (``Études plein temps``,
``Begindatum GPMI``, ``Datum beslissing leefloon``). So a header that is not an exact name is read
as a set of *concepts*:

1. it is cut into words: case and accents do not matter, spaces, punctuation, underscores and
   apostrophes separate words, and so does camel case (``dateDebutPiis``);
2. articles and filler words are dropped (``le``, ``de``, ``van``, ``the``, ``par``, ``door``…);
3. each word becomes a concept through a French / Dutch / English synonym table
   (``début``, ``begin``, ``aanvang`` and ``start`` are all ``start``), Dutch compounds are cut
   into known words (``beslissingsdatum`` -> ``beslissing`` + ``datum``), and a few phrases are
   one concept (``plein temps``, ``mise en demeure``, ``allocations familiales``).

Each field of a table has alternatives: concept sets taken from its canonical name, its aliases
and its labels in the three languages (:mod:`piis_audit.i18n` ``fields.yaml``). A header
*covers* an alternative when it holds all its concepts; word order, articles and unknown extra
words do not matter. A field's score is the size of the largest alternative covered, minus one
for every context word of the header that the field does not hold (the RI, the contract, the
person, a date: ``Date signature CPAS`` has one too many for both ``piis_signed_date`` and
``signed_cpas``); any other word of another field, or of something no field is (a remark, an
address), rules the field out. The best score wins when it is unique and at least 1 (at equal
scores, the larger alternative covered); two fields still equal are *ambiguous* and never
guessed. A header that matches nothing gets suggestions ("did you mean …") from the fields it
nearly covers, and from near spellings of known words. Titles (a date in the text, more than
:data:`MAX_WORDS` words) are never matched.

Matching runs once per distinct header and table (cached). The headers it was tested on are in
``tests/inputs/test_header_words.py``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from piis_audit.schema import TABLES, FieldType

# --------------------------------------------------------------------------- vocabulary

FILLERS: frozenset[str] = frozenset("""
le la les l de du des d un une van het een of the a an en et and op au aux par door by pour
voor for from in dans on to at est is sur met avec with per der den ter te y ou or o n j oui non ja nee
yes no si s qui que dat die deze ce cette ces sont zijn wordt worden ete been has heeft a
""".split())

# Words that announce a value rather than name a field: ignored too.
_NOISE: frozenset[str] = frozenset("""
jj mm aaaa jjjj dd yyyy yy ddmmyyyy jjmmaaaa format champ veld field colonne kolom column info
""".split())

_C = dict[str, tuple[str, ...]]


def _words(concept: str, *words: str) -> _C:
    return {w: (concept,) for w in words}


SYNONYMS: _C = {
    **_words("date", "date", "dates", "datum", "data", "dt", "dte", "dat", "dag", "jour"),
    **_words("start", "debut", "deb", "begin", "start", "started", "starts", "aanvang", "ingang", "vanaf",
             "depuis", "commencement", "entree", "aanvangs", "starting", "beginning", "begint", "ingaande",
             "ouverture", "opening"),
    **_words("end", "fin", "einde", "eind", "end", "ends", "ended", "tot", "jusqu", "jusque", "until",
             "afloop", "expiration", "ending", "echeance", "beeindigd", "beeindiging", "stopped", "cloture",
             "cloturee", "clos", "close", "closed", "closure", "afgesloten", "afsluiting"),
    **_words("decision", "decision", "decisions", "decide", "decidee", "decis", "dec", "beslissing", "beslist",
             "besluit", "decided", "csss", "bcsd", "beslis", "besl", "octroi", "octroye", "octroyee", "toegekend",
             "toekenning", "granted",
             "award", "awarded"),
    **_words("signature", "signature", "signe", "signee", "signes", "signees", "sign", "signed", "signing",
             "ondertekening", "ondertekend", "ondertekent", "onderteken", "handtekening", "getekend", "tekening",
             "signatures", "handtekeningen", "sig", "signat", "handtek", "ondert"),
    **_words("report", "rapport", "rapports", "verslag", "verslagen", "ecrit", "ecrite", "schriftelijk",
             "report", "written", "formalise", "formalisee", "formalised", "formalized", "geformaliseerd",
             "reports", "pv", "neergeschreven", "rpt", "rapp"),
    **_words("piis", "piis", "gpmi", "contrat", "contract", "projet", "project", "contracten", "contrats",
             "pmi", "gpmis"),
    **_words("ri", "ri", "ris", "leefloon", "leeflonen", "minimex", "rmmmg", "llf", "ll"),
    **_words("studies", "etude", "etudes", "studie", "studies", "studeren", "student", "studente",
             "etudiant", "etudiante", "etudiants", "students", "study", "studying", "onderwijs", "scolarite",
             "studerend", "studerende", "etud"),
    **_words("fulltime", "voltijds", "voltijdse", "voltijd", "fulltime", "plein_temps", "plein_exercice",
             "full_time", "temps_plein", "volledig"),
    **_words("parttime", "deeltijds", "deeltijdse", "parttime", "mi_temps", "temps_partiel", "part_time",
             "partiel", "partielle"),
    **_words("mention", "mention", "mentions", "vermelding", "vermeld", "vermeldingen", "mentioned", "clause"),
    **_words("aid", "aide", "aides", "hulp", "steun", "aid", "help", "support", "hulpverlening",
             "accompagnement"),
    **_words("additional", "complementaire", "complementaires", "supplementaire", "supplementaires",
             "aanvullend", "aanvullende", "bijkomend", "bijkomende", "additional", "extra", "complementary",
             "complement", "supplementary", "suppl", "compl"),
    **_words("subsidy", "subvention", "subventions", "toelage", "toelagen", "subsidie", "subsidy",
             "subside", "subsides", "subsidies", "financement", "subv", "tussenkomst"),
    **_words("increase", "majoree", "majorees", "majoration", "majore", "verhoogde", "verhoogd",
             "verhoging", "bijzondere", "bijzonder", "increased", "increase", "special", "speciale",
             "percent10", "majo"),
    **_words("request", "demande", "demandee", "demandees", "demander", "aanvraag", "aangevraagd",
             "gevraagd", "request", "requested", "claim", "claimed", "reclame", "aanvragen", "gevorderd"),
    **_words("applicant", "demandeur", "demandeuse", "aanvrager", "aanvraagster", "applicant"),
    **_words("dossier", "dossier", "dossiers", "file", "case", "cases", "fiche", "ref", "reference"),
    **_words("numero", "numero", "num", "nummer", "nr", "number", "nro", "id", "identifiant",
             "numeros"),
    **_words("social", "social", "sociale", "sociaux", "maatschappelijk", "maatschappelijke", "soc"),
    **_words("worker", "assistant", "assistante", "assistants", "ass", "travailleur", "travailleuse", "werker",
             "werkster", "worker", "assistent", "assistente", "referent", "referente", "agent",
             "medewerker", "gestionnaire", "beheerder", "manager"),
    **_words("office", "antenne", "service", "equipe", "team", "afdeling", "dienst", "antenna", "office",
             "bureau", "kantoor", "site", "cellule", "cel", "section", "sectie", "pole"),
    **_words("name", "nom", "naam", "name", "prenom", "voornaam", "firstname", "surname", "lastname",
             "familienaam", "noms"),
    **_words("beneficiary", "beneficiaire", "beneficiaires", "begunstigde", "client", "cliente", "klant",
             "beneficiary", "usager", "gerechtigde", "benef", "ben", "rechthebbende", "personne", "persoon"),
    **_words("birth", "naissance", "geboorte", "birth", "born", "naiss", "geb", "geboren"),
    **_words("category", "categorie", "cat", "category", "categ", "kategorie", "taux"),
    **_words("partner", "partenaire", "partner", "conjoint", "conjointe", "echtgenoot", "echtgenote",
             "spouse"),
    **_words("right", "droit", "recht", "right", "entitlement"),
    **_words("previous", "precedent", "precedents", "precedente", "precedentes", "vorige", "vorig",
             "voorgaande", "voorafgaande", "previous", "derniers", "dernier", "laatste", "last", "prior",
             "anterieur", "anterieure", "eerdere", "eerder", "ancien", "ancienne", "oud", "oude"),
    **_words("month", "mois", "maand", "maanden", "month", "months", "mensuel", "mensuelle", "maandelijks",
             "maandelijkse", "monthly", "mnd"),
    **_words("move", "demenagement", "demenage", "demenagee", "verhuisd", "verhuis", "verhuizing",
             "moved", "move", "relocated"),
    **_words("transfer", "transfert", "transfere", "overdracht", "overgedragen", "transfer", "transferred"),
    **_words("other", "autre", "ander", "andere", "other", "another"),
    **_words("cpas", "cpas", "ocmw", "psc", "cpass", "ocmws"),
    **_words("trajectory", "trajet", "traject", "trajectory", "parcours", "trajecten", "path"),
    **_words("employment", "emploi", "tewerkstelling", "employment", "job", "emplois", "jobs",
             "arbeidsmarkt", "insertion"),
    **_words("work", "travail", "travaille", "werk", "werkt", "works", "work", "working", "arbeid",
             "werken", "travailler", "salarie"),
    **_words("measure", "mesure", "mesures", "maatregel", "maatregelen", "measure", "measures"),
    **_words("article", "article", "artikel", "art", "articles"),
    **_words("income", "revenu", "revenus", "inkomen", "inkomsten", "income", "loon", "salaire", "salary",
             "wages", "wedde"),
    **_words("hours", "heures", "uren", "hours", "heure", "uur"),
    **_words("type", "type", "soort", "sorte", "genre", "kind", "aard", "nature"),
    **_words("exemption", "dispense", "dispenses", "dispensee", "vrijstelling", "vrijgesteld", "exemption",
             "exempted", "exempt", "exemptions", "vrijstellingen", "derogation"),
    **_words("reason", "motif", "motifs", "raison", "reden", "redenen", "reason", "grond", "ground",
             "grounds", "cause", "oorzaak"),
    **_words("motivation", "motivation", "motivering", "motiveringen", "motive", "motivee", "gemotiveerd",
             "justification", "verantwoording", "rationale", "argumentation", "motivations"),
    **_words("balance", "bilan", "balans", "balance"),
    **_words("analysis", "analyse", "analysis"),
    **_words("needs", "besoins", "besoin", "behoeften", "behoefte", "needs", "need"),
    **_words("given", "remise", "remis", "overhandigd", "overhandiging", "given", "handed", "bezorgd",
             "transmis", "delivered", "overgemaakt"),
    **_words("draft", "ontwerp", "draft", "brouillon", "concept", "voorstel", "proposition", "proposal"),
    **_words("effect", "vigueur", "werking", "effect", "inwerkingtreding", "effective", "effet", "effectief"),
    **_words("reactivation", "reactivation", "heractivering", "reactivatie", "reactivated", "reactive",
             "reactivering", "heractivatie"),
    **_words("consent", "consentement", "toestemming", "consent", "accord", "akkoord", "instemming"),
    **_words("third", "tiers", "derde", "third", "tierce", "derden"),
    **_words("party", "partie", "partij", "party", "parties", "partijen"),
    **_words("role", "role", "rol", "roles", "taak", "contribution", "bijdrage", "inbreng"),
    **_words("commitments", "engagement", "engagements", "engagementen", "afspraken", "afspraak",
             "commitments", "commitment", "verbintenis", "verbintenissen", "inspanningen", "efforts"),
    **_words("objectives", "objectif", "objectifs", "doelstelling", "doelstellingen", "doel", "doelen",
             "objective", "objectives", "goal", "goals", "buts"),
    **_words("domain", "domaine", "domaines", "domein", "domeinen", "domain", "domains", "levensdomein",
             "levensdomeinen"),
    **_words("life", "vie", "leven", "life", "levens"),
    **_words("duration", "duree", "duur", "duration", "looptijd", "length", "lengte", "periode"),
    **_words("modality", "modalite", "modalites", "modaliteiten", "modaliteit", "modalities", "modality",
             "procedure", "wijze"),
    **_words("schedule", "calendrier", "kalender", "calendar", "schedule", "planning", "timing", "tijdpad"),
    **_words("evaluation", "evaluation", "evaluations", "evaluatie", "evaluaties", "eval", "evals",
             "evaluer", "evaluated"),
    **_words("counsellor", "conseiller", "conseillere", "begeleider", "begeleidster", "counsellor",
             "counselor", "coach", "mentor", "tuteur", "adviser", "advisor"),
    **_words("substitute", "remplacant", "remplacante", "vervanger", "vervangster", "substitute",
             "suppleant", "suppleante", "backup", "deputy", "remplacement", "vervanging"),
    **_words("establishment", "etablissement", "instelling", "ecole", "school", "establishment", "institution",
             "etablissements"),
    **_words("allowance", "allocation", "allocations", "bourse", "beurs", "allowance", "allowances", "grant", "alloc"),
    **_words("family_allowance", "kinderbijslag", "groeipakket", "allocations_familiales",
             "allocation_familiale", "family_allowances", "family_allowance", "af", "gezinsbijslag",
             "kindergeld", "prestations_familiales"),
    **_words("family", "familiale", "familiales", "family", "gezin", "familie"),
    **_words("maintenance", "aliments", "aliment", "alimentaire", "alimentaires", "onderhoudsgeld",
             "onderhoud", "maintenance", "alimony", "alimentation", "pension_alimentaire", "onderhouds"),
    **_words("debtor", "debiteur", "debiteurs", "debitrice", "plichtige", "plichtigen", "debtor", "debtors",
             "onderhoudsplichtige", "onderhoudsplichtigen"),
    **_words("investigation", "enquete", "enquetes", "onderzoek", "investigation", "inquiry", "enquiry",
             "survey", "investigated", "onderzocht"),
    **_words("recovery", "recouvrement", "terugvordering", "recovery", "recuperation", "terugvorderen",
             "recover", "recouvrer", "verhaal", "recours"),
    **_words("notified", "notification", "notifie", "notifiee", "notifications", "kennisgeving",
             "kennisgegeven", "notified", "notify", "betekend", "betekening", "signifie", "signifiee",
             "signification", "notif", "meegedeeld", "mededeling", "verzonden", "envoye", "envoi"),
    **_words("amount", "montant", "montants", "bedrag", "bedragen", "amount", "amounts", "mt", "mnt", "som",
             "somme", "sum"),
    **_words("paid", "paye", "payee", "payees", "payes", "betaald", "betaalde", "paid", "percu", "percues",
             "percus", "ontvangen", "received", "uitbetaald", "verse", "versees"),
    **_words("interview", "entretien", "entretiens", "gesprek", "gesprekken", "interview", "interviews",
             "rencontre", "rendez", "meeting", "face_a_face"),
    **_words("personal", "personnel", "personnels", "persoonlijk", "persoonlijke", "personal",
             "individuel", "individuelle", "individueel", "individuele", "in_person", "face", "perso", "pers"),
    **_words("present", "present", "presente", "aanwezig", "available", "disponible", "beschikbaar",
             "existe", "exists"),
    **_words("warning", "mise_en_demeure", "sommation", "avertissement", "aanmaning", "ingebrekestelling",
             "warning", "waarschuwing", "rappel", "verwittiging", "med", "demeure"),
    **_words("invitation", "invitation", "uitnodiging", "convocation", "oproeping", "invited", "invite",
             "invitee", "convoque", "convoquee", "opgeroepen", "uitgenodigd", "convoc"),
    **_words("hearing", "audition", "hoorzitting", "hearing", "horen", "entendu", "entendue", "gehoord",
             "heard", "auditie", "verhoor", "audience", "hoorzit"),
    **_words("advice", "avis", "advies", "advice", "opinion", "recommendation"),
    **_words("day", "jours", "dagen", "days", "jrs", "jr", "dgn"),
    **_words("count", "nombre", "aantal", "nb", "nbre", "count", "total"),
    **_words("sanction", "sanction", "sanctions", "sanctie", "sancties", "sanctionne", "gesanctioneerd"),
    **_words("suspension", "suspension", "schorsing", "suspensions", "schorsingen", "suspendu", "geschorst",
             "suspended"),
    # what no field is: a header naming one of these is about something else
    **_words("remark", "commentaire", "commentaires", "remarque", "remarques", "opmerking", "opmerkingen",
             "comment", "comments", "note", "notes", "observation", "observations", "memo"),
    **_words("contact", "email", "mail", "courriel", "telephone", "tel", "gsm", "phone", "adresse", "adres",
             "address", "lieu", "plaats", "place", "location"),
    **_words("status", "statut", "status", "etat", "state", "toestand"),
    **_words("identity", "niss", "registre", "rijksregister", "rijksregisternummer", "national", "nationaal",
             "nationalite", "nationaliteit", "sexe", "geslacht", "gender", "langue", "taal", "language"),
    **_words("training", "formation", "opleiding", "training", "cours", "cursus", "stage"),
    **_words("refusal", "refus", "refuse", "refusee", "weigering", "geweigerd", "refusal", "refused", "rejet"),
    **_words("next", "prochain", "prochaine", "volgende", "next", "suivant", "suivante"),
    **_words("planned", "prevu", "prevue", "planned", "gepland", "geplande", "voorzien", "voorziene",
             "expected"),
    **_words("work_contract", "arbeidsovereenkomst", "arbeidscontract"),
    **_words("60", "60"),
    **_words("3", "3", "drie", "trois", "three"),
}

# Abbreviations that stand for two concepts.
SYNONYMS.update({
    "as": ("social", "worker"), "mw": ("social", "worker"), "caseworker": ("social", "worker"),
    "dob": ("birth", "date"), "ddn": ("birth", "date"), "percent10": ("subsidy", "increase"),
    "af": ("family_allowance",),
})

# Two words that are one concept (after accents and case are gone).
PHRASES: dict[tuple[str, ...], str] = {
    ("plein", "temps"): "plein_temps", ("temps", "plein"): "plein_temps", ("plein", "exercice"): "plein_exercice",
    ("full", "time"): "full_time", ("mi", "temps"): "mi_temps", ("temps", "partiel"): "temps_partiel",
    ("part", "time"): "part_time", ("mise", "en", "demeure"): "mise_en_demeure",
    ("mis", "en", "demeure"): "mise_en_demeure",
    ("allocations", "familiales"): "allocations_familiales", ("allocation", "familiale"): "allocation_familiale",
    ("family", "allowances"): "family_allowances", ("family", "allowance"): "family_allowance",
    ("prestations", "familiales"): "prestations_familiales",
    ("pension", "alimentaire"): "pension_alimentaire", ("revenu", "d", "integration"): "ri",
    ("revenu", "integration"): "ri", ("integration", "income"): "ri", ("social", "integration", "income"): "ri",
    ("droit", "a", "l", "integration"): "ri", ("in", "person"): "in_person", ("en", "personne"): "in_person",
    ("alloc", "familiales"): "allocations_familiales", ("face", "a", "face"): "face_a_face",
    ("date", "of", "birth"): "dob", ("a", "partir", "de"): "vanaf", ("a", "partir", "du"): "vanaf",
    ("with", "effect", "from"): "vanaf", ("starting", "from"): "vanaf",
    ("contrat", "de", "travail"): "work_contract", ("employment", "contract"): "work_contract",
    ("contrat", "travail"): "work_contract", ("work", "contract"): "work_contract",
}

# Words that only say which table the column is in: dropped there.
TABLE_CONTEXT: dict[str, frozenset[str]] = {
    "cases": frozenset(),
    "evaluations": frozenset({"evaluation"}),
    "sanctions": frozenset({"sanction", "suspension", "ri"}),  # the RI is what a sanction suspends
}

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NUMBER_SIGN = re.compile(r"\b(n\s*°|nº|n\s*o\.|no\.|nr\.|n\.|num\.)", re.IGNORECASE)
_PERCENT = re.compile(r"10\s*(%|pourcent|procent|percent|pct)", re.IGNORECASE)
_DATE_LIKE = re.compile(r"\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}")
_WORD = re.compile(r"[a-z0-9]+")
_DATE_ENDINGS = frozenset({"le", "op", "on"})
_PERIOD_ENDINGS = {"du": "start", "from": "start", "van": "start", "au": "end", "to": "end"}
MAX_WORDS = 9  # longer text is a title or a note, not a header
MAX_UNKNOWN_WORDS = 3


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(header: str) -> tuple[str, ...]:
    """The words of a header: camel case split, ``N°`` read as ``numero``, ``10 %`` as one word,
    accents and case folded, punctuation, underscores and apostrophes as separators."""
    text = _CAMEL.sub(" ", str(header))
    text = _NUMBER_SIGN.sub(" numero ", text)
    text = _PERCENT.sub(" percent10 ", text)
    return tuple(_WORD.findall(_fold(text).replace("_", " ")))


def _join_phrases(tokens: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in (4, 3, 2):
            if tuple(tokens[i:i + size]) in PHRASES:
                out.append(PHRASES[tuple(tokens[i:i + size])])
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Every word a concept is known for (synonyms, and the words of names and aliases)."""
    known = set(SYNONYMS)
    for table in TABLES.values():
        for spec in table.fields:
            for text in (spec.name, *spec.aliases):
                known.update(w for w in words(text) if len(w) >= 3 and not w.isdigit())
    return frozenset(known - FILLERS)


def _stem(word: str) -> str | None:
    """A known word this one is an inflection of (plurals, Dutch -e / -en / -s), or None."""
    vocabulary = _vocabulary()
    for ending in ("s", "es", "e", "en", "x", "n"):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and word[:-len(ending)] in vocabulary:
            return word[:-len(ending)]
    return None


@lru_cache(maxsize=4096)
def _split_compound(word: str) -> tuple[str, ...] | None:
    """A Dutch compound cut into known words (``beslissingsdatum`` -> beslissing, datum), with
    the linking ``s`` / ``e`` between parts; None when it does not cut."""
    vocabulary = _vocabulary()
    for cut in range(len(word) - 2, 2, -1):
        head, tail = word[:cut], word[cut:]
        if head not in SYNONYMS and _stem(head) not in SYNONYMS:
            continue
        for rest in (tail, tail[1:] if tail[:1] in ("s", "e") else None):
            if not rest or len(rest) < 2 or (len(rest) == 2 and rest not in SYNONYMS):
                continue
            if rest in SYNONYMS or _stem(rest) in SYNONYMS:
                return (head, rest)
            parts = _split_compound(rest)
            if parts is not None:
                return (head, *parts)
    return None


@lru_cache(maxsize=8192)
def _concepts_of_word(word: str) -> tuple[tuple[str, ...], bool]:
    """(concepts, known) for one word; an unknown word is its own concept."""
    if word in SYNONYMS:
        return SYNONYMS[word], True
    stem = _stem(word)
    if stem is not None:
        return SYNONYMS.get(stem, (stem,)), True
    parts = _split_compound(word) if len(word) >= 6 else None
    if parts is not None and len(parts) > 1:
        concepts: list[str] = []
        for part in parts:
            found = SYNONYMS.get(part) or SYNONYMS.get(_stem(part) or "") or (_stem(part) or part,)
            concepts.extend(found)
        return tuple(concepts), True
    return (word,), word in _vocabulary()


@dataclass(frozen=True)
class Concepts:
    """What a header says, as concepts; ``unknown`` counts the words no concept is known for."""

    concepts: frozenset[str]
    unknown: tuple[str, ...]
    words: tuple[str, ...]


def concepts(header: str, table: str = "cases") -> Concepts:
    """The concepts of ``header`` in ``table`` (the table's own context words dropped). A header
    ending in ``le`` / ``op`` / ``on`` (``Signé le``, ``Gehoord op``, ``Heard on``) names a date;
    one ending in ``du`` / ``from`` or ``au`` / ``to`` the start or the end of a period."""
    joined = _join_phrases(words(header))
    tokens = [w for w in joined if w not in FILLERS and w not in _NOISE]
    found: set[str] = {"date"} if len(joined) > 1 and joined[-1] in _DATE_ENDINGS else set()
    if len(joined) > 1 and joined[-1] in _PERIOD_ENDINGS:  # "Suspension du" / "Suspension au"
        found.add(_PERIOD_ENDINGS[joined[-1]])
    unknown: list[str] = []
    for word in tokens:
        got, known = _concepts_of_word(word)
        if not known:
            if word.isdigit():
                continue  # a number other than the known ones (3, 60) says nothing
            unknown.append(word)
        found.update(got)
    return Concepts(frozenset(found - TABLE_CONTEXT.get(table, frozenset())), tuple(unknown), tuple(tokens))


# --------------------------------------------------------------------------- fields as concepts

# Alternatives declared besides those read from names, aliases and labels.
EXTRA_ALTERNATIVES: dict[tuple[str, str], tuple[frozenset[str], ...]] = {
    ("cases", "case_id"): (frozenset({"dossier", "numero"}),),
    ("cases", "ri_decision_date"): (frozenset({"decision", "ri"}), frozenset({"date", "ri", "decision"})),
    ("cases", "full_time_studies"): (frozenset({"fulltime", "studies"}),),
    ("cases", "subsidy_increase_claimed"): (frozenset({"subsidy", "increase"}),),
    ("cases", "subsidy_increase_start_date"): (frozenset({"subsidy", "increase", "start"}),),
    ("cases", "mention_additional_aid"): (frozenset({"mention", "aid", "additional"}), frozenset({"mention", "aid"})),
    ("cases", "piis_start_date"): (frozenset({"piis", "start"}), frozenset({"effect"})),
    ("cases", "piis_end_date"): (frozenset({"piis", "end"}), frozenset({"end", "planned"})),
    ("cases", "piis_signed_date"): (frozenset({"piis", "signature"}),),
    ("cases", "social_balance_date"): (frozenset({"needs", "analysis"}), frozenset({"balance", "social"})),
    ("cases", "ri_monthly_amount"): (frozenset({"amount", "ri"}), frozenset({"amount", "month"})),
    ("cases", "employment_trajectory"): (frozenset({"trajectory", "employment"}), frozenset({"trajectory", "work"})),
    ("cases", "mention_family_allowance"): (frozenset({"mention", "family_allowance"}),),
    ("cases", "mention_study_allowance"): (frozenset({"mention", "allowance", "studies"}),
                                           frozenset({"allowance", "studies"}), frozenset({"subsidy", "studies"})),
    ("cases", "recovery_notified_applicant_date"): (frozenset({"notified", "applicant"}),
                                                    frozenset({"notified", "beneficiary"})),
    ("cases", "recovery_notified_debtors_date"): (frozenset({"notified", "debtor"}),),
    ("cases", "alimony_investigation_date"): (frozenset({"investigation", "debtor"}),
                                              frozenset({"investigation", "maintenance"})),
    ("cases", "reactivation_consent_date"): (frozenset({"reactivation"}),),
    ("cases", "previous_ri_end_date"): (frozenset({"previous", "ri", "end"}),),
    ("cases", "ri_in_previous_3_months"): (frozenset({"ri", "previous", "3", "month"}),),
    ("cases", "mention_evaluation_schedule"): (frozenset({"mention", "evaluation"}),
                                               frozenset({"evaluation", "schedule"}),
                                               frozenset({"evaluation", "modality"})),
    ("evaluations", "evaluation_date"): (frozenset({"date"}),),
    ("evaluations", "report_present"): (frozenset({"report"}),),
    ("evaluations", "personal_interview"): (frozenset({"interview"}),),
    ("sanctions", "duration_days"): (frozenset({"day"}), frozenset({"duration"})),
    ("sanctions", "warning_date"): (frozenset({"warning"}),),
    ("sanctions", "hearing_invitation_date"): (frozenset({"invitation"}),),
    ("sanctions", "social_worker_advice_date"): (frozenset({"advice"}),),
    ("sanctions", "notified_date"): (frozenset({"notified"}),),
    ("sanctions", "decision_date"): (frozenset({"decision"}),),
    ("sanctions", "motivation"): (frozenset({"motivation", "decision"}),),
    ("cases", "mention_substitute"): (frozenset({"substitute", "counsellor"}),),
    ("cases", "exemption_decision_date"): (frozenset({"exemption", "decision"}),),
    ("cases", "exemption_motivation"): (frozenset({"exemption", "motivation", "decision"}),),
}

# Concepts that often only say what the column is about (the person, the RI, the contract) or
# its kind of value: one of them that the field does not hold costs 1; any other concept of
# another field rules the field out ("Date de début de l'aide" is not the PIIS start).
SOFT_CONFLICTS: frozenset[str] = frozenset({"date", "ri", "piis", "beneficiary", "cpas", "name", "month",
                                            "numero"})
# What no field is (a remark, an address, a status…): in a header, it costs like another field's word.
OTHER_THINGS: frozenset[str] = frozenset({"remark", "contact", "status", "identity", "training", "refusal",
                                          "next", "planned", "work_contract", "hours"})

# Concepts that never decide a match on their own in a table.
_WEAK: frozenset[str] = frozenset({"date", "type", "other", "party", "count", "3", "60", "income"})


def _labels(field_name: str) -> tuple[str, ...]:
    from piis_audit.i18n.render import catalog  # the catalog of labels (fields.yaml)

    texts = catalog().get(f"field.{field_name}", {})
    return tuple(texts.values())


@dataclass(frozen=True)
class FieldConcepts:
    """One field as concepts: its alternatives, and every concept any of them holds."""

    name: str
    type: FieldType
    alternatives: tuple[frozenset[str], ...]
    own: frozenset[str]


@lru_cache(maxsize=None)
def field_concepts(table_name: str) -> tuple[FieldConcepts, ...]:
    """The alternatives of every field of ``table_name`` (names, aliases, labels, declared)."""
    table = TABLES[table_name]
    out: list[FieldConcepts] = []
    for spec in table.fields:
        alternatives: set[frozenset[str]] = set(EXTRA_ALTERNATIVES.get((table_name, spec.name), ()))
        for text in (spec.name.replace("_", " "), *spec.aliases, *_labels(spec.name)):
            found = concepts(text, table_name).concepts
            if found and not found <= _WEAK:
                alternatives.add(found)
        own = frozenset().union(*alternatives) if alternatives else frozenset()
        if spec.type is FieldType.DATE:
            own |= {"date"}
        out.append(FieldConcepts(spec.name, spec.type, tuple(sorted(alternatives, key=sorted)), own))
    return tuple(out)


@lru_cache(maxsize=1)
def strong_concepts() -> frozenset[str]:
    """Concepts that name some field of some table: in a header, one that the matched field does
    not hold counts against the match."""
    found: set[str] = {"sanction", "evaluation", "parttime", "suspension", *OTHER_THINGS}
    for name in TABLES:
        for spec in field_concepts(name):
            found |= spec.own
    return frozenset(found - {"party", "3", "60"})


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class WordMatch:
    """What the words of a header say: the field it was taken as (``field``), or the fields it
    fits equally (``ambiguous``), or the fields it nearly names (``suggestions``)."""

    field: str | None = None
    ambiguous: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


def _scores(found: frozenset[str], table_name: str) -> list[tuple[int, int, str]]:
    """(score, covered, field) for every field whose alternative the concepts cover."""
    strong = strong_concepts()
    out: list[tuple[int, int, str]] = []
    for spec in field_concepts(table_name):
        covered = max((len(a) for a in spec.alternatives if a <= found), default=0)
        if not covered:
            continue
        conflicts = (found & strong) - spec.own
        soft = conflicts & SOFT_CONFLICTS - _hard_context(spec.name, spec.type)
        if conflicts - soft:
            continue  # a word of another field, or of something no field is: not this field
        out.append((covered - len(soft), covered, spec.name))
    out.sort(key=lambda t: (-t[0], -t[1], t[2]))
    return out


def _hard_context(field_name: str, field_type: FieldType) -> frozenset[str]:
    """Context words that, for this field, name another thing: the RI for a PIIS date, the PIIS
    for an RI date ("Date demande RI" is not the PIIS request date); a name, a number or an
    amount for a field that holds none ("Naam van de onderwijsinstelling" is no yes/no)."""
    hard: set[str] = set()
    if field_name.startswith("piis_"):
        hard.add("ri")
    if field_name.startswith(("ri_", "previous_ri_")):
        hard.add("piis")
    if field_type is not FieldType.TEXT:
        hard |= {"name", "numero"}
    if field_type is not FieldType.NUMBER:
        hard.add("amount")
    return frozenset(hard)


def _decide(found: frozenset[str], table_name: str) -> tuple[str | None, tuple[str, ...]]:
    """(field, ()) for a unique best match; (None, tied fields) when ambiguous; (None, ())."""
    scored = [s for s in _scores(found, table_name) if s[0] >= 1]
    if not scored:
        return None, ()
    best = scored[0][0]
    top = [s for s in scored if s[0] == best]
    if len(top) == 1:
        return top[0][2], ()
    # Same score: a field whose covered alternative is larger is more specific.
    most = max(s[1] for s in top)
    top = [s for s in top if s[1] == most]
    if len(top) == 1:
        return top[0][2], ()
    return None, tuple(sorted(s[2] for s in top))


def _near_fields(found: frozenset[str], table_name: str) -> list[str]:
    """Fields one concept short of an alternative of at least two concepts."""
    near: list[tuple[int, str]] = []
    strong = strong_concepts()
    for spec in field_concepts(table_name):
        best = 0
        for a in spec.alternatives:
            if len(a) >= 2 and len(a - found) == 1 and (a & found) - _WEAK:
                best = max(best, len(a & found))
        if best and not ((found & strong) - spec.own - {"date"}):
            near.append((best, spec.name))
    near.sort(key=lambda t: (-t[0], t[1]))
    return [name for _, name in near]


@lru_cache(maxsize=1)
def _spelling_index() -> dict[tuple[str, int], tuple[str, ...]]:
    """Known words by (first letter, length), for near spellings."""
    index: dict[tuple[str, int], list[str]] = {}
    for word in sorted(_vocabulary()):
        index.setdefault((word[0], len(word)), []).append(word)
    return {key: tuple(words) for key, words in index.items()}


def _respelled(header_words: Iterable[str]) -> list[str]:
    """The words with near spellings of known words put right (``signatrue`` -> ``signature``):
    only words of the same first letter and about the same length are compared."""
    vocabulary = _vocabulary()
    index = _spelling_index()
    out: list[str] = []
    for word in header_words:
        known = word in SYNONYMS or word in vocabulary or _stem(word) is not None or word.isdigit()
        if not known and len(word) >= 5:
            candidates = [w for size in range(len(word) - 1, len(word) + 2) for w in index.get((word[0], size), ())]
            close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.8)
            out.append(close[0] if close else word)
        else:
            out.append(word)
    return out


@lru_cache(maxsize=4096)
def match_words(header: str, table_name: str) -> WordMatch:
    """Match ``header`` to a field of ``table_name`` on its words (see the module docstring)."""
    if _DATE_LIKE.search(header) or len(header) > 80:
        return WordMatch()  # a title ("Export du 26/11/2026") or a note, not a header
    found = concepts(header, table_name)
    if not found.concepts or len(found.words) > MAX_WORDS or len(found.unknown) > MAX_UNKNOWN_WORDS:
        return WordMatch(words=found.words)
    field, tied = _decide(found.concepts, table_name)
    if field is not None:
        return WordMatch(field=field, words=found.words)
    if tied:
        return WordMatch(ambiguous=tied, words=found.words)
    suggestions: list[str] = []
    if found.unknown:
        respelled = concepts(" ".join(_respelled(found.words)), table_name)
        guess, also = _decide(respelled.concepts, table_name)
        if guess is not None:
            return WordMatch(suggestions=(guess,), words=found.words)
        suggestions.extend(also)
    for name in _near_fields(found.concepts, table_name):
        if name not in suggestions:
            suggestions.append(name)
    return WordMatch(suggestions=tuple(suggestions[:3]), words=found.words)
