"""Word lists for the synthetic demo export: staff, offices, fictitious beneficiaries, free texts.

Every person here is invented. Beneficiary names are drawn as random first name + surname
combinations from common Belgian (Brussels) names, so they look like a real caseload without
describing anybody. The free texts are written the way a social worker writes them in a file
(French, some Dutch: a bilingual Brussels CPAS).
"""

from __future__ import annotations

# Social workers (assistants sociaux / maatschappelijk werkers) and the antenna each works in.
SOCIAL_WORKERS: tuple[tuple[str, str], ...] = (
    ("Sophie Dubois", "Antenne Centre"),
    ("Jan Peeters", "Antenne Centre"),
    ("Fatima El Amrani", "Antenne Centre"),
    ("Thomas Janssens", "Antenne Nord"),
    ("Nathalie Lambert", "Antenne Nord"),
    ("Youssef Benali", "Antenne Sud"),
    ("Els Claes", "Antenne Sud"),
    ("Kevin Wouters", "Antenne Sud"),
)

OFFICES: tuple[str, ...] = ("Antenne Centre", "Antenne Nord", "Antenne Sud")

# How often each worker takes a case from a "problem" scenario, relative to the others: a real
# caseload is uneven, and the per-worker breakdowns of the report should show it.
PROBLEM_WEIGHTS: dict[str, int] = {
    "Sophie Dubois": 2, "Jan Peeters": 2, "Fatima El Amrani": 2, "Thomas Janssens": 3,
    "Nathalie Lambert": 2, "Youssef Benali": 2, "Els Claes": 1, "Kevin Wouters": 5,
}

FIRST_NAMES: tuple[str, ...] = (
    "Amina", "Mohamed", "Sarah", "Lucas", "Nora", "Mehdi", "Julie", "Ayoub", "Emma", "Karim",
    "Laura", "Ibrahim", "Chloé", "Samir", "Manon", "Bilal", "Inès", "Rachid", "Camille", "Hamza",
    "Léa", "Omar", "Elif", "Mustafa", "Anaïs", "Yasmina", "Kevin", "Jessica", "Mamadou", "Aïcha",
    "Patrick", "Christine", "Pieter", "Lotte", "Bram", "Sofie", "Ahmed", "Khadija", "Ionut", "Elena",
    "Piotr", "Agnieszka", "Jean-Marc", "Françoise", "Grace", "Dieudonné", "Merveille", "Noah",
    "Yusuf", "Zeynep", "Abdel", "Salma", "Dylan", "Kimberley", "Olivier", "Valérie", "Rania",
    "Tarik", "Nadia", "Mathieu", "Aurélie", "Bart", "Hanne", "Hassan", "Leila", "Arnaud", "Marie",
)

SURNAMES: tuple[str, ...] = (
    "Dupont", "Lemaire", "Martin", "Dubois", "Lambert", "Janssens", "Maes", "Jacobs", "Mertens",
    "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Peeters", "Vermeulen", "Leroy",
    "Laurent", "Simon", "Renard", "El Idrissi", "Benali", "El Amrani", "Bouzid", "Ait Ouali",
    "Yilmaz", "Kaya", "Demir", "Öztürk", "Mukendi", "Kabongo", "Ilunga", "Tshibanda", "Diallo",
    "Bah", "Popescu", "Ionescu", "Kowalski", "Nowak", "Haddad", "Al Hassan", "Rahimi", "Hakimi",
    "Van Damme", "De Backer", "Verhoeven", "Dumont", "Lejeune", "Collard", "Fontaine", "Hermans",
    "Michiels", "Bogaert", "Charlier", "Ndiaye", "Cissé", "El Khattabi", "Amrani", "Tahiri",
)

# Third parties to a PIIS (tiers / derde partij): training, job-search and study partners.
THIRD_PARTIES: tuple[str, ...] = (
    "Actiris", "Bruxelles Formation", "VDAB Brussel", "Mission locale de Bruxelles-Ville",
    "Lokale Werkwinkel", "Centre de formation Cefora", "Maison de l'emploi",
)

STUDENT_THIRD_PARTIES: tuple[str, ...] = (
    "Haute École Francisco Ferrer", "Erasmushogeschool Brussel", "Institut Lallemand",
    "Université libre de Bruxelles",
)

# Exemption motivations. The "double" ones speak of participation in a PIIS, not only of the
# capacity to work, as circular §3.1 demands; the "capacity" ones do not (a note is expected).
EXEMPTION_MOTIVATIONS_HEALTH: tuple[str, ...] = (
    "Raisons de santé : suivi psychiatrique intensif attesté par le médecin traitant. "
    "La participation à un PIIS n'est pas possible pendant le traitement ; situation réévaluée "
    "dans six mois.",
    "Hospitalisation de longue durée puis revalidation. Un projet d'intégration ne peut être "
    "construit avec l'intéressé tant que la revalidation est en cours.",
    "Gezondheidsredenen: zware behandeling, attest van de behandelende arts. Deelname aan een "
    "GPMI is in deze periode niet haalbaar; herziening na de behandeling.",
)
EXEMPTION_MOTIVATIONS_EQUITY: tuple[str, ...] = (
    "Raisons d'équité : mère seule avec un enfant gravement malade nécessitant une présence "
    "constante ; un PIIS ne peut être exigé pendant la période de soins.",
    "Raisons d'équité : personne de 63 ans en attente de sa pension ; un projet d'intégration "
    "n'aurait pas de sens dans les mois qui restent.",
)
EXEMPTION_MOTIVATIONS_CAPACITY_ONLY: tuple[str, ...] = (
    "Incapacité de travail de 66 % reconnue par le médecin-conseil de la mutuelle.",
    "Inapte au travail selon le certificat médical du 12/02.",
    "Arbeidsongeschikt volgens het attest van de behandelende arts.",
)

SANCTION_MOTIVATIONS: tuple[str, ...] = (
    "Absences répétées aux rendez-vous de suivi du PIIS sans justification, malgré la mise en "
    "demeure ; l'intéressé entendu n'a pas apporté d'explication.",
    "Abandon de la formation prévue au PIIS sans motif valable ; engagements non respectés.",
    "Non-respect des démarches de recherche d'emploi convenues dans le PIIS, constaté lors de "
    "l'évaluation.",
    "Herhaaldelijk afwezig op de afspraken van het GPMI zonder geldige reden, ondanks aanmaning.",
)
