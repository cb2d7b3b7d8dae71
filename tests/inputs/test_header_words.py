"""Headers matched on their words: realistic French, Dutch and English headers of CPAS software
exports that are not in the alias list, ambiguous headers (never guessed), "did you mean"
suggestions, the note a word match leaves, and the real readers (CSV folder, .xlsx)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from piis_audit.inputs.header_words import concepts, match_words, words
from piis_audit.inputs.headers import builtin_field_index, match_headers
from piis_audit.inputs.loader import load_export
from piis_audit.inputs.messages import english
from piis_audit.i18n.render import data_error_text
from piis_audit.schema import TABLES, normalise_name
from tests.inputs.inputs_helpers import write_csv, write_xlsx

C, E, S = "cases", "evaluations", "sanctions"

FRENCH: list[tuple[str, str, str]] = [
    (C, "N° de dossier RI", "case_id"), (C, "Réf. dossier", "case_id"), (C, "NUMERO DOSSIER", "case_id"),
    (C, "AS référent", "social_worker"), (C, "Assistant(e) social(e)", "social_worker"),
    (C, "Nom AS", "social_worker"), (C, "Nom et prénom du bénéficiaire", "beneficiary_name"),
    (C, "Date naiss.", "birth_date"), (C, "Date de naissance bénéficiaire", "birth_date"),
    (C, "Catégorie de RI", "category"), (C, "Cat. RI", "category"), (C, "Taux RI", "category"),
    (C, "Dossier du conjoint", "partner_case_id"), (C, "Date décision CSSS", "ri_decision_date"),
    (C, "Date de la décision d'octroi du RI", "ri_decision_date"), (C, "Décision RI le", "ri_decision_date"),
    (C, "Début du droit au RI", "ri_start_date"), (C, "Date de début du RI", "ri_start_date"),
    (C, "Fin du RI", "ri_end_date"), (C, "Date de fin de droit", "ri_end_date"),
    (C, "RI durant les 3 mois précédents (O/N)", "ri_in_previous_3_months"),
    (C, "Fin du RI précédent", "previous_ri_end_date"), (C, "Déménagé d'un autre CPAS", "moved_from_other_cpas"),
    (C, "Transfert d'un autre CPAS", "moved_from_other_cpas"),
    (C, "Études de plein exercice (O/N)", "full_time_studies"), (C, "Étudiant plein temps", "full_time_studies"),
    (C, "Études plein temps", "full_time_studies"),
    (C, "Trajet vers un emploi", "employment_trajectory"), (C, "Mesure emploi art. 60", "employment_measure"),
    (C, "Article 60 §7", "employment_measure"), (C, "RI complémentaire à un salaire", "complementary_ri_with_work"),
    (C, "Demande de PIIS faite par", "piis_requested_by"), (C, "Date de demande du PIIS", "piis_request_date"),
    (C, "Type de contrat", "piis_type"), (C, "Motif de la dispense", "exemption_reason"),
    (C, "Raison de la dispense de PIIS", "exemption_reason"),
    (C, "Date de la décision de dispense", "exemption_decision_date"),
    (C, "Motivation dispense PIIS", "exemption_motivation"), (C, "Date du bilan social", "social_balance_date"),
    (C, "Analyse des besoins le", "social_balance_date"), (C, "Projet remis le", "draft_given_date"),
    (C, "Date de remise du projet", "draft_given_date"), (C, "Date de signature du contrat", "piis_signed_date"),
    (C, "Signé le (PIIS)", "piis_signed_date"), (C, "Date d'entrée en vigueur du PIIS", "piis_start_date"),
    (C, "Début du contrat", "piis_start_date"), (C, "Fin prévue du PIIS", "piis_end_date"),
    (C, "Date consentement réactivation PIIS", "reactivation_consent_date"),
    (C, "Signature du bénéficiaire (O/N)", "signed_beneficiary"), (C, "Signé par le CPAS", "signed_cpas"),
    (C, "Tiers partie au contrat", "third_party"), (C, "Signature du tiers", "signed_third_party"),
    (C, "Mention des engagements", "mention_commitments"), (C, "Objectifs mentionnés", "mention_objectives"),
    (C, "Domaines de vie", "mention_domains"), (C, "Durée mentionnée", "mention_duration"),
    (C, "Modalités d'évaluation mentionnées", "mention_evaluation_schedule"),
    (C, "Mention aide complémentaire", "mention_additional_aid"), (C, "Conseiller mentionné", "mention_counsellor"),
    (C, "Remplaçant du conseiller", "mention_substitute"), (C, "Rôle du tiers mentionné", "mention_third_party_role"),
    (C, "Mention type d'établissement", "mention_studies"),
    (C, "Allocation d'études (durée) mentionnée", "mention_study_allowance"),
    (C, "Mention alloc. familiales", "mention_family_allowance"), (C, "Aliments mentionnés", "mention_maintenance"),
    (C, "Subvention majorée 10 %", "subsidy_increase_claimed"),
    (C, "Majoration 10% demandée", "subsidy_increase_claimed"),
    (C, "Montant mensuel du RI", "ri_monthly_amount"),
    (C, "Date de début de la subvention majorée", "subsidy_increase_start_date"),
    (C, "Allocations familiales perçues", "family_allowances_paid"),
    (C, "Enquête débiteurs d'aliments", "alimony_investigation_date"),
    (C, "Date enquête sur les débiteurs alimentaires", "alimony_investigation_date"),
    (C, "Décision de récupération", "recovery_decision"), (C, "Date décision récupération", "recovery_decision_date"),
    (C, "Notification au demandeur le", "recovery_notified_applicant_date"),
    (C, "Date notif. débiteurs", "recovery_notified_debtors_date"),
    (E, "Date éval.", "evaluation_date"), (E, "Entretien en personne", "personal_interview"),
    (E, "Entretien individuel", "personal_interview"), (E, "Rapport écrit", "report_present"),
    (E, "Rapport d'évaluation rédigé", "report_present"), (E, "Évaluation formalisée (O/N)", "report_present"),
    (S, "Date de la mise en demeure", "warning_date"), (S, "Convocation à l'audition", "hearing_invitation_date"),
    (S, "Audition le", "hearing_date"), (S, "Entendu(e) le", "hearing_date"),
    (S, "Avis de l'AS", "social_worker_advice_date"), (S, "Sanction notifiée le", "notified_date"),
    (S, "Début de la suspension", "start_date"), (S, "Fin suspension RI", "end_date"),
    (S, "Durée (jours)", "duration_days"), (S, "Motivation de la décision", "motivation"),
    (S, "Date de la décision de sanction", "decision_date"),
    (C, "Dt signature PIIS", "piis_signed_date"), (C, "DT DEBUT RI", "ri_start_date"),
    (C, "DATE FIN CONTRAT", "piis_end_date"), (C, "Dt décision RI", "ri_decision_date"),
    (C, "N° dossier CPAS", "case_id"), (C, "Num. de dossier RI", "case_id"), (C, "Dt naissance", "birth_date"),
    (C, "Date remise projet PIIS", "draft_given_date"), (C, "Signature benef. (O/N)", "signed_beneficiary"),
    (C, "Signe CPAS O/N", "signed_cpas"), (C, "Etudiant temps plein", "full_time_studies"),
    (C, "dt enquete debiteurs", "alimony_investigation_date"), (E, "RAPPORT ECRIT", "report_present"),
    (E, "entretien perso.", "personal_interview"),
]

DUTCH: list[tuple[str, str, str]] = [
    (C, "Dossiernr. cliënt", "case_id"), (C, "Nr. dossier", "case_id"), (C, "Dossiernummer leefloon", "case_id"),
    (C, "Naam maatschappelijk werker", "social_worker"), (C, "MW", "social_worker"),
    (C, "Verantwoordelijke MW", "social_worker"), (C, "Afdeling / dienst", "office"),
    (C, "Naam en voornaam", "beneficiary_name"), (C, "Naam begunstigde", "beneficiary_name"),
    (C, "Geboortedatum cliënt", "birth_date"), (C, "Geb. datum", "birth_date"), (C, "Categorie LL", "category"),
    (C, "Partner dossiernr", "partner_case_id"), (C, "Datum beslissing leefloon", "ri_decision_date"),
    (C, "Beslissingsdatum BCSD", "ri_decision_date"), (C, "Datum BCSD-beslissing", "ri_decision_date"),
    (C, "Leefloon vanaf", "ri_start_date"), (C, "Begindatum recht", "ri_start_date"),
    (C, "Einddatum recht op leefloon", "ri_end_date"), (C, "Leefloon tot", "ri_end_date"),
    (C, "Leefloon in de vorige 3 maanden", "ri_in_previous_3_months"),
    (C, "Vorig leefloon beëindigd op", "previous_ri_end_date"),
    (C, "Verhuisd van een ander OCMW", "moved_from_other_cpas"), (C, "Voltijds studeren", "full_time_studies"),
    (C, "Student voltijds onderwijs", "full_time_studies"), (C, "Traject naar tewerkstelling", "employment_trajectory"),
    (C, "Tewerkstelling art. 60", "employment_measure"),
    (C, "Aanvullend leefloon bij werk", "complementary_ri_with_work"),
    (C, "GPMI gevraagd door", "piis_requested_by"), (C, "Datum van de aanvraag GPMI", "piis_request_date"),
    (C, "Soort contract", "piis_type"), (C, "Reden van vrijstelling", "exemption_reason"),
    (C, "Vrijstellingsbeslissing datum", "exemption_decision_date"),
    (C, "Motivering van de vrijstelling", "exemption_motivation"),
    (C, "Sociale balans opgemaakt op", "social_balance_date"), (C, "Ontwerp GPMI overhandigd op", "draft_given_date"),
    (C, "Ondertekeningsdatum GPMI", "piis_signed_date"), (C, "GPMI getekend op", "piis_signed_date"),
    (C, "Begindatum GPMI", "piis_start_date"), (C, "Startdatum contract", "piis_start_date"),
    (C, "Einddatum contract", "piis_end_date"), (C, "GPMI loopt tot", "piis_end_date"),
    (C, "Toestemming heractivering GPMI", "reactivation_consent_date"),
    (C, "Handtekening cliënt", "signed_beneficiary"), (C, "Ondertekend door het OCMW", "signed_cpas"),
    (C, "Derde partij betrokken", "third_party"), (C, "Handtekening derde partij", "signed_third_party"),
    (C, "Engagementen vermeld", "mention_commitments"), (C, "Doelstellingen vermeld", "mention_objectives"),
    (C, "Levensdomeinen vermeld", "mention_domains"), (C, "Duur vermeld", "mention_duration"),
    (C, "Evaluatiemodaliteiten vermeld", "mention_evaluation_schedule"),
    (C, "Vermelding aanvullende hulp", "mention_additional_aid"),
    (C, "Bijkomende steun vermeld", "mention_additional_aid"),
    (C, "Trajectbegeleider vermeld", "mention_counsellor"), (C, "Vervanger vermeld", "mention_substitute"),
    (C, "Rol van de derde vermeld", "mention_third_party_role"), (C, "Onderwijsinstelling vermeld", "mention_studies"),
    (C, "Studietoelage vermeld", "mention_study_allowance"), (C, "Groeipakket vermeld", "mention_family_allowance"),
    (C, "Onderhoudsgeld vermeld", "mention_maintenance"), (C, "Verhoogde toelage (10%)", "subsidy_increase_claimed"),
    (C, "Verhoogde toelage vanaf", "subsidy_increase_start_date"),
    (C, "Bedrag leefloon per maand", "ri_monthly_amount"),
    (C, "Groeipakket ontvangen", "family_allowances_paid"),
    (C, "Onderzoek onderhoudsplichtigen op", "alimony_investigation_date"),
    (C, "Beslissing inzake terugvordering", "recovery_decision"),
    (C, "Datum terugvorderingsbeslissing", "recovery_decision_date"),
    (C, "Kennisgeving aan aanvrager", "recovery_notified_applicant_date"),
    (C, "Datum kennisgeving onderhoudsplichtige", "recovery_notified_debtors_date"),
    (E, "Datum van de evaluatie", "evaluation_date"), (E, "Persoonlijk gesprek gehad", "personal_interview"),
    (E, "Schriftelijk verslag", "report_present"), (E, "Verslag opgemaakt", "report_present"),
    (S, "Aanmaning verstuurd op", "warning_date"), (S, "Ingebrekestelling", "warning_date"),
    (S, "Uitnodiging voor hoorzitting", "hearing_invitation_date"), (S, "Gehoord op", "hearing_date"),
    (S, "Advies MW", "social_worker_advice_date"), (S, "Datum van kennisgeving", "notified_date"),
    (S, "Begindatum schorsing", "start_date"), (S, "Schorsing tot", "end_date"),
    (S, "Aantal dagen schorsing", "duration_days"), (S, "Motivering beslissing", "motivation"),
    (S, "Beslissingsdatum sanctie", "decision_date"),
    (C, "Dt. ondertekening", "piis_signed_date"), (C, "BEGINDATUM CONTRACT", "piis_start_date"),
    (C, "Einddt leefloon", "ri_end_date"), (C, "Geb.datum", "birth_date"),
    (C, "Datum besl. leefloon", "ri_decision_date"), (C, "DOSSIERNR OCMW", "case_id"),
    (C, "Handtek. OCMW (j/n)", "signed_cpas"), (C, "Soc. balans datum", "social_balance_date"),
    (E, "Datum eval.", "evaluation_date"), (E, "VERSLAG OK", "report_present"),
    (S, "Dt aanmaning", "warning_date"), (S, "Datum hoorzit.", "hearing_date"),
]

ENGLISH: list[tuple[str, str, str]] = [
    (C, "File No.", "case_id"), (C, "Case Ref", "case_id"), (C, "Case number (RI)", "case_id"),
    (C, "Social worker in charge", "social_worker"), (C, "Assigned caseworker", "social_worker"),
    (C, "Office / antenna", "office"), (C, "Beneficiary full name", "beneficiary_name"),
    (C, "Client name", "beneficiary_name"), (C, "Date of birth (client)", "birth_date"),
    (C, "Client DOB", "birth_date"),
    (C, "RI cat.", "category"), (C, "Partner file number", "partner_case_id"),
    (C, "Date RI granted", "ri_decision_date"), (C, "RI decision", "ri_decision_date"),
    (C, "Start of RI entitlement", "ri_start_date"), (C, "End of RI", "ri_end_date"),
    (C, "RI in last 3 months", "ri_in_previous_3_months"), (C, "Previous RI ended on", "previous_ri_end_date"),
    (C, "Moved from another CPAS", "moved_from_other_cpas"), (C, "Full-time student", "full_time_studies"),
    (C, "Path to employment", "employment_trajectory"), (C, "Employment measure (art. 60)", "employment_measure"),
    (C, "Works and receives RI", "complementary_ri_with_work"), (C, "Who requested the PIIS", "piis_requested_by"),
    (C, "Date PIIS requested", "piis_request_date"), (C, "Contract type", "piis_type"),
    (C, "Exemption ground", "exemption_reason"), (C, "Exemption decided on", "exemption_decision_date"),
    (C, "Exemption rationale", "exemption_motivation"), (C, "Needs analysis date", "social_balance_date"),
    (C, "Draft handed over on", "draft_given_date"), (C, "Contract signed on", "piis_signed_date"),
    (C, "Date signed", "piis_signed_date"), (C, "PIIS effective date", "piis_start_date"),
    (C, "Contract start", "piis_start_date"), (C, "Planned end of PIIS", "piis_end_date"),
    (C, "Reactivation consent", "reactivation_consent_date"), (C, "Signed by client", "signed_beneficiary"),
    (C, "CPAS signature", "signed_cpas"), (C, "Third-party involved", "third_party"),
    (C, "Third party signed", "signed_third_party"), (C, "Commitments mentioned", "mention_commitments"),
    (C, "Objectives stated", "mention_objectives"), (C, "Life domains mentioned", "mention_domains"),
    (C, "Duration stated", "mention_duration"), (C, "Evaluation schedule mentioned", "mention_evaluation_schedule"),
    (C, "Additional support mentioned", "mention_additional_aid"), (C, "Counsellor named", "mention_counsellor"),
    (C, "Substitute counsellor named", "mention_substitute"), (C, "Third party's role", "mention_third_party_role"),
    (C, "Study establishment mentioned", "mention_studies"), (C, "Study grant mentioned", "mention_study_allowance"),
    (C, "Family allowance mentioned", "mention_family_allowance"), (C, "Maintenance mentioned", "mention_maintenance"),
    (C, "10% subsidy claimed", "subsidy_increase_claimed"), (C, "Monthly RI amount", "ri_monthly_amount"),
    (C, "Increased subsidy start", "subsidy_increase_start_date"),
    (C, "Family allowances received", "family_allowances_paid"),
    (C, "Inquiry into maintenance debtors", "alimony_investigation_date"),
    (C, "Decision on recovery", "recovery_decision"), (C, "Date of recovery decision", "recovery_decision_date"),
    (C, "Applicant notified on", "recovery_notified_applicant_date"),
    (C, "Debtors notified on", "recovery_notified_debtors_date"),
    (C, "Recovery decided on", "recovery_decision_date"),
    (E, "Date of evaluation", "evaluation_date"), (E, "Evaluation held on", "evaluation_date"),
    (E, "Face-to-face interview", "personal_interview"),
    (E, "Written report", "report_present"), (E, "Report available", "report_present"),
    (S, "Formal warning sent", "warning_date"), (S, "Hearing invitation sent", "hearing_invitation_date"),
    (S, "Heard on", "hearing_date"), (S, "Social worker's advice", "social_worker_advice_date"),
    (S, "Sanction notified on", "notified_date"), (S, "Suspension start date", "start_date"),
    (S, "Suspension end", "end_date"), (S, "Days suspended", "duration_days"),
    (S, "Reason for sanction", "motivation"),
    (C, "Dt signed", "piis_signed_date"), (C, "DOB client", "birth_date"), (C, "Sig. date", "piis_signed_date"),
    (C, "Case #", "case_id"), (C, "PIIS START DT", "piis_start_date"), (C, "Benef. name", "beneficiary_name"),
    (C, "RI decision dt", "ri_decision_date"), (E, "Eval date", "evaluation_date"),
    (E, "Interview (in person)", "personal_interview"), (E, "Written rpt", "report_present"),
    (S, "Warning dt", "warning_date"), (S, "Hearing dt", "hearing_date"),
]

# Realistic headers the words cannot settle: each must be reported (unknown or ambiguous), never
# taken as a wrong field. (table, header, the field a person would mean)
HARD: list[tuple[str, str, str]] = [
    (C, "Type PIIS (emploi/étudiant/social)", "piis_type"), (C, "Antenne sociale", "office"),
    (E, "Date de l'entretien d'évaluation", "evaluation_date"), (C, "Date signature CPAS", "signed_cpas"),
    (C, "Overgekomen van ander OCMW", "moved_from_other_cpas"), (E, "Report on file", "report_present"),
    (S, "Number of days suspended", "duration_days"),
    (C, "Datum sociaal verslag", "social_balance_date"), (C, "Date", "ri_decision_date"),
    (S, "Date", "decision_date"), (C, "Bilan", "social_balance_date"), (C, "Début", "piis_start_date"),
]

# Realistic headers of columns that are none of the fields (a remark, the RI request, a work
# contract…) although they share words with one: never taken as a field.
OTHER_COLUMNS: list[tuple[str, str]] = [
    (C, "Commentaire AS"), (C, "Email AS"), (C, "Date demande RI"), (C, "Aanvraagdatum leefloon"),
    (C, "Date début contrat de travail"), (C, "Date début formation"), (C, "Date notification décision RI"),
    (C, "Dossier clôturé"), (C, "Date de fin du dossier"), (C, "Date de la décision de refus"),
    (C, "Date de début de l'aide"), (C, "Naam van de onderwijsinstelling"), (C, "Deeltijds studeren"),
    (C, "Études à temps partiel"), (C, "Opmerkingen MW"), (C, "Rijksregisternummer partner"), (C, "Salary"),
    (C, "Heures de travail"), (C, "Statut du PIIS"), (C, "Nom du tiers"), (C, "Date de création du dossier"),
    (E, "Date prochaine évaluation"), (E, "Volgende evaluatie"), (E, "Next evaluation date"),
    (E, "Remarques évaluation"), (S, "Date du recours"), (S, "Montant suspendu"), (S, "Commentaire"),
]

# Written after the matcher was tuned on the lists above and never tuned on: how it does on
# headers it has not seen. Each is either taken right or reported, never taken wrong.
# Written after the matcher was tuned on the lists above, and never tuned on: how it does on
# headers it has not seen. Each is taken right or reported, never taken as another field.
HELD_OUT: list[tuple[str, str, str]] = [
    (C, "Numéro du dossier", "case_id"), (C, "Assistante sociale en charge", "social_worker"),
    (C, "Service / antenne", "office"), (C, "Nom du demandeur", "beneficiary_name"),
    (C, "Date de naissance du demandeur", "birth_date"), (C, "Catégorie du revenu d'intégration", "category"),
    (C, "Date d'octroi", "ri_decision_date"), (C, "Date d'ouverture du droit", "ri_start_date"),
    (C, "Fin de droit RI", "ri_end_date"), (C, "Date du dernier RI", "previous_ri_end_date"),
    (C, "Étudiant de plein exercice", "full_time_studies"), (C, "Trajet emploi (O/N)", "employment_trajectory"),
    (C, "Date de début du projet", "piis_start_date"), (C, "Date de fin du projet", "piis_end_date"),
    (C, "Signature CPAS (O/N)", "signed_cpas"), (C, "Signature de l'usager", "signed_beneficiary"),
    (C, "Mention objectifs (O/N)", "mention_objectives"), (C, "Mention durée du contrat", "mention_duration"),
    (C, "Date demande subvention majorée", "subsidy_increase_claimed"),
    (C, "Montant RI mensuel", "ri_monthly_amount"),
    (C, "Date de l'enquête alimentaire", "alimony_investigation_date"),
    (C, "Date de notification au demandeur", "recovery_notified_applicant_date"),
    (E, "Date de l'évaluation", "evaluation_date"), (E, "Entretien personnel (O/N)", "personal_interview"),
    (E, "Rapport rédigé", "report_present"), (S, "Date avertissement", "warning_date"),
    (S, "Date de l'audition", "hearing_date"), (S, "Date de notification", "notified_date"),
    (S, "Suspension du", "start_date"), (S, "Suspension au", "end_date"),
    (C, "Behandelend maatschappelijk werker", "social_worker"), (C, "Geboortedatum van de cliënt", "birth_date"),
    (C, "Datum toekenning leefloon", "ri_decision_date"), (C, "Startdatum recht", "ri_start_date"),
    (C, "Einde recht", "ri_end_date"), (C, "Voltijdse student", "full_time_studies"),
    (C, "Artikel 60-tewerkstelling", "employment_measure"), (C, "Datum handtekening GPMI", "piis_signed_date"),
    (C, "GPMI start", "piis_start_date"), (C, "GPMI einde", "piis_end_date"),
    (C, "Handtekening begunstigde (ja/nee)", "signed_beneficiary"),
    (C, "Sociale balans datum", "social_balance_date"),
    (C, "Bijzondere toelage gevraagd (ja/nee)", "subsidy_increase_claimed"),
    (C, "Maandelijks bedrag leefloon", "ri_monthly_amount"), (C, "Datum onderzoek", "alimony_investigation_date"),
    (C, "Beslissing terugvordering datum", "recovery_decision_date"),
    (E, "Datum evaluatiegesprek", "evaluation_date"), (E, "Persoonlijk gesprek (ja/nee)", "personal_interview"),
    (E, "Verslag (ja/nee)", "report_present"), (S, "Datum ingebrekestelling", "warning_date"),
    (S, "Datum van de hoorzitting", "hearing_date"), (S, "Startdatum schorsing", "start_date"),
    (S, "Einddatum schorsing", "end_date"),
    (C, "File reference", "case_id"), (C, "Caseworker name", "social_worker"),
    (C, "Beneficiary date of birth", "birth_date"), (C, "Integration income category", "category"),
    (C, "Decision date RI", "ri_decision_date"), (C, "Entitlement end", "ri_end_date"),
    (C, "Full time studies (y/n)", "full_time_studies"), (C, "Article 60 measure", "employment_measure"),
    (C, "PIIS signature date", "piis_signed_date"), (C, "Signed by CPAS (y/n)", "signed_cpas"),
    (C, "Beneficiary signature", "signed_beneficiary"), (C, "Objectives mentioned", "mention_objectives"),
    (C, "Increased subsidy claimed", "subsidy_increase_claimed"),
    (C, "Debtors inquiry date", "alimony_investigation_date"),
    (E, "Personal interview (y/n)", "personal_interview"), (E, "Report written", "report_present"),
    (S, "Date heard", "hearing_date"), (S, "Notification date", "notified_date"),
    (S, "Suspension from", "start_date"), (S, "Suspension until", "end_date"),
    # a second set, written after the first was measured
    (C, "No. de dossier", "case_id"), (C, "AS responsable", "social_worker"),
    (C, "Nom - Prénom", "beneficiary_name"), (C, "Date naissance", "birth_date"),
    (C, "Catégorie (1/2/3)", "category"), (C, "Date décision octroi RI", "ri_decision_date"),
    (C, "RI depuis le", "ri_start_date"), (C, "RI jusqu'au", "ri_end_date"),
    (C, "Déménagement (autre CPAS)", "moved_from_other_cpas"), (C, "Etudes plein exercice ?", "full_time_studies"),
    (C, "Date signature contrat PIIS", "piis_signed_date"), (C, "PIIS - date de début", "piis_start_date"),
    (C, "PIIS - date de fin", "piis_end_date"), (C, "Signature bénéficiaire ?", "signed_beneficiary"),
    (C, "Engagements des parties mentionnés", "mention_commitments"),
    (C, "Mention conseiller de référence", "mention_counsellor"),
    (C, "Date début majoration", "subsidy_increase_start_date"),
    (C, "Enquête débiteurs alimentaires le", "alimony_investigation_date"),
    (C, "Décision (récupération / renonciation)", "recovery_decision"),
    (E, "Date entretien évaluation", "evaluation_date"), (E, "Rapport d'évaluation (O/N)", "report_present"),
    (S, "Date MED", "warning_date"), (S, "Date convocation audition", "hearing_invitation_date"),
    (S, "Avis AS le", "social_worker_advice_date"), (S, "Période de suspension du", "start_date"),
    (C, "Maatsch. werker", "social_worker"), (C, "Naam + voornaam cliënt", "beneficiary_name"),
    (C, "Geboortedatum (dd/mm/jjjj)", "birth_date"), (C, "Leefloon sinds", "ri_start_date"),
    (C, "Leefloon beslissing", "ri_decision_date"), (C, "Student (voltijds)", "full_time_studies"),
    (C, "GPMI ondertekend op", "piis_signed_date"), (C, "GPMI begindatum", "piis_start_date"),
    (C, "GPMI einddatum", "piis_end_date"), (C, "Handtekening OCMW (ja/nee)", "signed_cpas"),
    (C, "Derde ondertekend", "signed_third_party"), (C, "Bijzondere toelage vanaf", "subsidy_increase_start_date"),
    (C, "Terugvordering beslist op", "recovery_decision_date"), (E, "Evaluatie op", "evaluation_date"),
    (E, "Gesprek persoonlijk", "personal_interview"), (S, "Aanmaning op", "warning_date"),
    (S, "Hoorzitting op", "hearing_date"), (S, "Schorsing van", "start_date"), (C, "File nr", "case_id"),
    (C, "Worker", "social_worker"), (C, "Client full name", "beneficiary_name"), (C, "Born on", "birth_date"),
    (C, "RI granted on", "ri_decision_date"), (C, "RI from", "ri_start_date"), (C, "RI to", "ri_end_date"),
    (C, "Student full-time", "full_time_studies"), (C, "Signed on", "piis_signed_date"),
    (C, "Contract start date", "piis_start_date"), (C, "Contract end date", "piis_end_date"),
    (C, "Client signed", "signed_beneficiary"), (C, "Commitments stated", "mention_commitments"),
    (C, "10% claimed from", "subsidy_increase_start_date"), (C, "Recovery waived or claimed", "recovery_decision"),
    (E, "Evaluated on", "evaluation_date"), (E, "Report (y/n)", "report_present"),
    (S, "Warning sent on", "warning_date"), (S, "Hearing held on", "hearing_date"),
    (S, "Suspended from", "start_date"),
]

ALL = {"fr": FRENCH, "nl": DUTCH, "en": ENGLISH}


def _taken_as(table: str, header: str) -> str | None:
    (match,) = [match_headers([header], TABLES[table])]
    return match.fields[0][1] if match.fields else None


@pytest.mark.parametrize("lang", list(ALL))
def test_at_least_60_headers_per_language_none_of_them_an_alias(lang: str) -> None:
    headers = ALL[lang]
    assert len(headers) >= 60
    for table, header, _ in headers:
        assert normalise_name(header) not in builtin_field_index(table), header


@pytest.mark.parametrize(("table", "header", "field"), FRENCH)
def test_french_headers(table: str, header: str, field: str) -> None:
    assert _taken_as(table, header) == field


@pytest.mark.parametrize(("table", "header", "field"), DUTCH)
def test_dutch_headers(table: str, header: str, field: str) -> None:
    assert _taken_as(table, header) == field


@pytest.mark.parametrize(("table", "header", "field"), ENGLISH)
def test_english_headers(table: str, header: str, field: str) -> None:
    assert _taken_as(table, header) == field


@pytest.mark.parametrize(("table", "header", "meant"), HARD)
def test_headers_the_words_cannot_settle_are_reported_never_guessed(table: str, header: str, meant: str) -> None:
    match = match_headers([header], TABLES[table])
    assert match.fields == ()
    (problem,) = match.problems
    assert problem.column == header and problem.text is not None
    assert problem.text.key in ("inputs.column.ambiguous", "inputs.column.did_you_mean", "inputs.column.unknown")


@pytest.mark.parametrize(("table", "header", "meant"), HELD_OUT)
def test_held_out_headers_are_taken_right_or_reported(table: str, header: str, meant: str) -> None:
    assert normalise_name(header) not in builtin_field_index(table)
    assert _taken_as(table, header) in (meant, None)


@pytest.mark.parametrize(("table", "header"), OTHER_COLUMNS)
def test_columns_about_something_else_are_not_taken_as_a_field(table: str, header: str) -> None:
    assert _taken_as(table, header) is None


def tally(rows: list[tuple[str, str, str]]) -> dict[str, int]:
    """Right / reported (unknown or ambiguous) / wrong over realistic headers."""
    counts = {"right": 0, "reported": 0, "wrong": 0}
    for table, header, field in rows:
        got = _taken_as(table, header)
        counts["right" if got == field else "reported" if got is None else "wrong"] += 1
    return counts


def test_no_realistic_header_is_taken_as_a_wrong_field(capsys: pytest.CaptureFixture[str]) -> None:
    per_language = {lang: tally(rows) for lang, rows in ALL.items()}
    hard, held_out = tally(HARD), tally(HELD_OUT)
    total = {k: sum(c[k] for c in (*per_language.values(), hard, held_out)) for k in hard}
    with capsys.disabled():
        print(f"\nheader words: {per_language}, hard: {hard}, held out: {held_out}, total: {total}")
    assert total["wrong"] == 0
    assert all(c["right"] == len(ALL[lang]) for lang, c in per_language.items())


# --------------------------------------------------------------------------- the words


def test_words_are_cut_on_case_accents_punctuation_and_camel_case() -> None:
    assert words("dateDébutPIIS") == ("date", "debut", "piis")
    assert words("N° dossier") == ("numero", "dossier")
    assert words("Date_d'évaluation") == ("date", "d", "evaluation")
    assert concepts("Begindatum GPMI").concepts == {"start", "date", "piis"}
    assert concepts("Beslissingsdatum").concepts == {"decision", "date"}
    assert concepts("Ondertekeningsdatum").concepts == {"signature", "date"}


def test_word_order_articles_and_extra_words_do_not_matter() -> None:
    for header in ("Date de début du PIIS", "PIIS : début (date)", "Début PIIS date", "Date début du projet PIIS"):
        assert match_words(header, "cases").field == "piis_start_date", header


def test_the_same_words_name_a_different_field_in_another_table() -> None:
    assert match_words("Datum van de beslissing", "sanctions").field == "decision_date"
    assert match_words("Datum van de beslissing", "cases").field == "ri_decision_date"
    assert match_words("Début le", "sanctions").field == "start_date"


def test_part_time_studies_are_not_full_time_studies() -> None:
    assert match_words("Deeltijds studeren", "cases").field is None
    assert match_words("Études à temps partiel", "cases").field is None


def test_a_title_above_the_header_is_not_a_header() -> None:
    for title in ("Export CPAS de Namur — dossiers RI au 26/11/2026", "Dossiers RI", "Évaluations du PIIS"):
        assert match_words(title, "cases").field is None


# --------------------------------------------------------------------------- what is reported


def test_a_word_match_is_reported_with_the_field_it_was_taken_as() -> None:
    # (not "Rapport écrit": the field's label is an exact header, see the label tests below)
    match = match_headers(["case_id", "Rapport écrit présent"], TABLES["evaluations"])
    assert match.fields == ((0, "case_id"), (1, "report_present"))
    (note,) = match.problems
    assert (note.column, note.field) == ("Rapport écrit présent", "report_present")
    assert note.text is not None and note.text.key == "inputs.column.matched_by_words"
    assert note.message == ("column read as report_present (Written report), matched on its words (not an exact "
                            "header): check it, or map it with --mapping")


def test_an_exact_alias_is_not_reported() -> None:
    assert match_headers(["Verslag"], TABLES["evaluations"]).problems == ()


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_every_label_piis_audit_fields_shows_is_an_exact_header(lang: str) -> None:
    """The labels of ``piis-audit fields`` (the headers ``piis-audit template`` writes) are read
    as their field with no note, in each language."""
    from piis_audit.i18n.render import field_label

    for table in TABLES.values():
        labels = [field_label(spec.name, lang) for spec in table.fields]
        match = match_headers(labels, table)
        assert match.fields == tuple(enumerate(spec.name for spec in table.fields)), (lang, table.name)
        assert match.problems == () and match.by_words == frozenset(), (lang, table.name)


def test_an_ambiguous_header_is_never_guessed_and_lists_the_candidates() -> None:
    found = match_words("Date signature CPAS", "cases")
    assert found.field is None and found.ambiguous == ("piis_signed_date", "signed_cpas")
    match = match_headers(["case_id", "Date signature CPAS"], TABLES["cases"], keeps_extra=True)
    assert match.fields == ((0, "case_id"),)
    assert match.extra == ((1, "Date signature CPAS"),)
    (problem,) = match.problems
    assert problem.message == ("unknown column, kept for display, not used: its words fit several fields "
                               "(piis_signed_date, signed_cpas), none is guessed; name the column exactly or map it "
                               "with --mapping (see `piis-audit fields`)")


def test_a_header_close_to_a_field_gets_did_you_mean() -> None:
    assert match_words("Date de signatrue PIIS", "cases").suggestions == ("piis_signed_date",)
    assert match_words("Date du bilan", "cases").suggestions == ("social_balance_date",)
    match = match_headers(["Date du bilan"], TABLES["cases"])
    (problem,) = match.problems
    assert problem.message == ("unknown column, not used; did you mean social_balance_date? "
                               "(see `piis-audit fields` for the accepted headers)")


def test_a_field_already_in_the_export_is_not_suggested() -> None:
    match = match_headers(["social_balance_date", "Date du bilan"], TABLES["cases"])
    assert [p.message for p in match.problems] == ["unknown column, not used"]


def test_two_columns_whose_words_give_the_same_field_use_the_first() -> None:
    match = match_headers(["Begindatum GPMI", "Date début du contrat"], TABLES["cases"])
    assert match.fields == ((0, "piis_start_date"),)
    assert [p.text.key for p in match.problems if p.text] == ["inputs.column.matched_by_words",
                                                              "inputs.column.duplicate"]


def test_an_exact_header_wins_over_a_word_match() -> None:
    match = match_headers(["Begindatum GPMI", "piis_start_date"], TABLES["cases"])
    assert match.fields == ((1, "piis_start_date"),)


def test_the_messages_exist_in_three_languages() -> None:
    match = match_headers(["Rapport écrit présent", "Date du bilan"], TABLES["evaluations"])
    for problem in match.problems:
        assert problem.text is not None and english(problem.text) == problem.message


# --------------------------------------------------------------------------- through the real readers

HEADER = ["N° de dossier RI", "Date décision CSSS", "Date de naissance bénéficiaire", "Études plein temps",
          "Date de signature du contrat", "Begindatum GPMI", "Mention aide complémentaire",
          "Verhoogde toelage vanaf", "Date signature CPAS"]
ROW = ["RI-1", "17/03/2024", "02/05/2001", "oui", "10/06/2024", "01/07/2024", "non", "01/06/2024", "10/06/2024"]


def _check_cases(export: object) -> None:
    (case,) = export.cases  # type: ignore[attr-defined]
    assert case.case_id == "RI-1"
    assert case.get("ri_decision_date") == dt.date(2024, 3, 17)
    assert case.get("full_time_studies") is True
    assert case.get("piis_start_date") == dt.date(2024, 7, 1)
    assert case.get("mention_additional_aid") is False
    assert case.get("subsidy_increase_start_date") == dt.date(2024, 6, 1)
    assert case.get("signed_cpas") is None and case.extra == {"Date signature CPAS": "10/06/2024"}
    (evaluation,) = case.evaluations
    assert evaluation.report_present is True and evaluation.personal_interview is True
    columns = export.columns  # type: ignore[attr-defined]
    assert "report_present" in columns["evaluations"] and "piis_signed_date" in columns["cases"]
    notes = {(e.table, e.column): e for e in export.data_errors}  # type: ignore[attr-defined]
    assert notes[("cases", "Begindatum GPMI")].field == "piis_start_date"
    assert notes[("cases", "Begindatum GPMI")].text.key == "inputs.column.matched_by_words"
    assert notes[("evaluations", "Rapport écrit présent")].field == "report_present"
    assert notes[("cases", "Date signature CPAS")].text.key == "inputs.column.ambiguous"
    assert data_error_text(notes[("evaluations", "Rapport écrit présent")], "fr") == (
        "colonne lue comme report_present (Rapport écrit), reconnue à ses mots (ce n'est pas un en-tête exact) : "
        "vérifiez-le, ou indiquez-la avec --mapping")
    assert data_error_text(notes[("evaluations", "Rapport écrit présent")], "nl").startswith(
        "kolom gelezen als report_present (Verslag aanwezig)")


def test_a_semicolon_windows_1252_csv_folder(tmp_path: Path) -> None:
    write_csv(tmp_path / "cases.csv", [HEADER, ROW], encoding="cp1252")
    write_csv(tmp_path / "evaluations.csv", [["Dossiernr.", "Date éval.", "Entretien individuel", "Rapport écrit présent"],
                                             ["RI-1", "01/09/2024", "oui", "oui"]], encoding="cp1252")
    _check_cases(load_export([tmp_path]))


def test_an_openpyxl_workbook(tmp_path: Path) -> None:
    row: list[object] = [dt.date(2024, 3, 17) if c == "17/03/2024" else c for c in ROW]
    path = write_xlsx(tmp_path / "export.xlsx", {
        "Dossiers": [HEADER, row],
        "Evaluaties": [["Dossiernr.", "Datum van de evaluatie", "Persoonlijk gesprek gehad", "Rapport écrit présent"],
                       ["RI-1", dt.date(2024, 9, 1), "ja", "ja"]]})
    _check_cases(load_export([path]))
