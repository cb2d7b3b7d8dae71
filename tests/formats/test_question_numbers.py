"""Sentences name questions by their number (people read "question 7"), never by their id; the
ids stay in the JSON's parameters."""

from __future__ import annotations

from piis_audit.engine.checklists import load_checklist
from piis_audit.i18n.render import render
from piis_audit.model import Message

CHECKLIST = load_checklist()
NUMBER = {q.id: n for n, q in enumerate(CHECKLIST.questions, start=1)}


def test_a_question_named_in_a_sentence_is_its_number() -> None:
    ground = Message("increased_subsidy.ground.dependency_failed", {"question": "evaluations"})
    assert render(ground, CHECKLIST, None, "fr") == f"la question {NUMBER['evaluations']} n'est pas conforme"
    assert render(ground, CHECKLIST, None, "nl") == f"vraag {NUMBER['evaluations']} is niet in orde"
    assert ground.params["question"] == "evaluations"  # the message itself keeps the id


def test_nested_and_listed_questions_too() -> None:
    note = Message("note_dependency_undecided", {"questions": ["deadline", "signatures"]})
    text = render(note, CHECKLIST, "increased-subsidy", "en")
    assert f"{NUMBER['deadline']}, {NUMBER['signatures']}" in text and "deadline" not in text
    broken = Message("conditions_broken", {
        "rate": 10, "grounds": [Message("increased_subsidy.ground.dependency_failed", {"question": "signatures"})],
        "money_at_risk": "1.000,00 €", "months": 3, "claim_from": "01/01/2026", "claim_until": "31/03/2026"})
    text = render(broken, CHECKLIST, "increased-subsidy", "fr")
    assert f"la question {NUMBER['signatures']} n'est pas conforme" in text and "signatures n'est" not in text


def test_a_message_naming_no_question_is_left_as_it_is() -> None:
    """Only a message that names a question (itself, inside a parameter or a list) is rebuilt."""
    from piis_audit.i18n.render import questions_by_number

    plain = Message("late", {"deadline": "2026-01-31", "items": [Message("field.signed_cpas")]})
    assert questions_by_number(plain, CHECKLIST) is plain
    inner = Message("wrapper", {"why": Message("increased_subsidy.ground.dependency_failed", {"question": "deadline"})})
    relabelled = questions_by_number(inner, CHECKLIST)
    assert relabelled.params["why"].params["question"] == str(NUMBER["deadline"])
