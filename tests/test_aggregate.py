"""The minimum-group rule, and each exercise type's pure ``summarize`` and ``check_answer``."""

from __future__ import annotations

from datetime import datetime

import pytest

from samenspraak.core.aggregate import Withheld, respondents, with_minimum
from samenspraak.core.answers import MAX_TEXT_LENGTH, AnswerProblem
from samenspraak.core.records import Answer, Role
from samenspraak.exercises import exercise_type, exercise_types

SCHAAL = exercise_type("schaal")
STELLING = exercise_type("stelling")
OPEN = exercise_type("open")

T0 = datetime(2024, 3, 1, 9, 0)


def answer(pseudonym: str, value, *, exercise_id: str = "x", round: int = 1) -> Answer:
    return Answer(pseudonym, Role.OUDER, exercise_id, round, value, T0, T0)


def schaal(**overrides):
    data = {
        "id": "zelfscan",
        "type": "schaal",
        "title": "Zelfscan",
        "sources": ["bron"],
        "prompt": "Hoe vaak?",
        "statements": [
            {"id": "een", "label": "Een", "text": "Eerste."},
            {"id": "twee", "label": "Twee", "text": "Tweede."},
            {"id": "drie", "label": "Drie", "text": "Derde."},
        ],
        **overrides,
    }
    return SCHAAL.schema.model_validate(data)


def stelling(**overrides):
    data = {
        "id": "stelling",
        "type": "stelling",
        "title": "Stelling",
        "sources": ["bron"],
        "statement": "Ouders weten het beste.",
        **overrides,
    }
    return STELLING.schema.model_validate(data)


def open_question(**overrides):
    data = {
        "id": "open",
        "type": "open",
        "title": "Open",
        "sources": ["bron"],
        "prompt": "Wat doe je?",
        **overrides,
    }
    return OPEN.schema.model_validate(data)


def scores(een, twee, drie) -> dict:
    return {"scores": {"een": een, "twee": twee, "drie": drie}}


def test_the_three_types_are_registered():
    assert set(exercise_types()) >= {"schaal", "stelling", "open"}
    for name, registered in exercise_types().items():
        assert registered.name == name
        assert registered.schema.model_fields["type"].annotation.__args__ == (name,)


# --- respondents and the minimum -----------------------------------------------------------


def test_respondents_counts_distinct_pseudonyms():
    assert respondents([]) == 0
    answers = [
        answer("p-1", {}),
        answer("p-2", {}),
        answer("p-1", {}, round=2),
        answer("p-1", {}, exercise_id="y"),
    ]
    assert respondents(answers) == 2


def counting(_exercise, answers):
    return ("summary", len(answers))


@pytest.mark.parametrize(
    ("people", "minimum", "expected"),
    [
        (0, 5, Withheld(0, 5)),
        (4, 5, Withheld(4, 5)),
        (5, 5, ("summary", 5)),
        (6, 5, ("summary", 6)),
        (1, 1, ("summary", 1)),
        (0, 1, Withheld(0, 1)),
        (2, 3, Withheld(2, 3)),
        (3, 3, ("summary", 3)),
    ],
)
def test_with_minimum(people: int, minimum: int, expected):
    answers = [answer(f"p-{n}", {}) for n in range(people)]
    assert with_minimum(counting, None, answers, minimum) == expected


def test_with_minimum_counts_people_not_answers():
    # four answers from two people: still below a minimum of three
    answers = [answer("p-1", {}), answer("p-1", {}), answer("p-2", {}), answer("p-2", {})]
    assert with_minimum(counting, None, answers, 3) == Withheld(2, 3)


def test_with_minimum_does_not_call_summarize_while_withheld():
    def explode(_exercise, _answers):
        raise AssertionError("summarize must not run below the minimum")

    assert with_minimum(explode, None, [answer("p-1", {})], 2) == Withheld(1, 2)


@pytest.mark.parametrize("registered", ["schaal", "stelling", "open"])
def test_with_minimum_on_each_type(registered: str):
    exercise = {"schaal": schaal, "stelling": stelling, "open": open_question}[registered]()
    value = {
        "schaal": scores(1, 2, 3),
        "stelling": {"choice": "eens", "reason": ""},
        "open": {"text": "iets"},
    }[registered]
    registered = exercise_type(registered)
    answers = [answer(f"p-{n}", value) for n in range(3)]
    assert with_minimum(registered.summarize, exercise, answers[:2], 3) == Withheld(2, 3)
    summary = with_minimum(registered.summarize, exercise, answers, 3)
    assert not isinstance(summary, Withheld)
    assert summary.respondents == 3


# --- schaal --------------------------------------------------------------------------------


def test_schaal_summarize_counts_per_point_and_rounded_means():
    exercise = schaal()
    summary = SCHAAL.summarize(
        exercise,
        [
            answer("p-1", scores(1, 5, 3)),
            answer("p-2", scores(2, 5, 3)),
            answer("p-3", scores(2, 4, 3)),
        ],
    )
    assert summary.respondents == 3
    assert [s.id for s in summary.statements] == ["een", "twee", "drie"]
    assert [s.label for s in summary.statements] == ["Een", "Twee", "Drie"]
    assert [s.text for s in summary.statements] == ["Eerste.", "Tweede.", "Derde."]
    assert [s.counts for s in summary.statements] == [
        (1, 2, 0, 0, 0),
        (0, 0, 0, 1, 2),
        (0, 0, 3, 0, 0),
    ]
    assert [s.mean for s in summary.statements] == [1.67, 4.67, 3.0]


def test_schaal_summarize_without_answers_and_with_a_new_statement():
    exercise = schaal()
    empty = SCHAAL.summarize(exercise, [])
    assert empty.respondents == 0
    assert [(s.counts, s.mean) for s in empty.statements] == [((0,) * 5, 0.0)] * 3
    # an answer given before the statement "drie" existed counts for the others only
    partial = SCHAAL.summarize(exercise, [answer("p-1", {"scores": {"een": 4, "twee": 1}})])
    assert [(s.counts, s.mean) for s in partial.statements] == [
        ((0, 0, 0, 1, 0), 4.0),
        ((1, 0, 0, 0, 0), 1.0),
        ((0, 0, 0, 0, 0), 0.0),
    ]


def test_schaal_mean_rounds_to_two_decimals():
    exercise = schaal()
    values = [scores(1, 1, 5), scores(1, 2, 5), scores(2, 2, 4)] + [scores(4, 2, 5)] * 4
    summary = SCHAAL.summarize(exercise, [answer(f"p-{n}", v) for n, v in enumerate(values)])
    # 20 / 7 = 2.857..., 13 / 7 = 1.857..., 34 / 7 = 4.857...
    assert [s.mean for s in summary.statements] == [2.86, 1.86, 4.86]


def test_schaal_check_answer_accepts_a_complete_answer():
    exercise = schaal()
    raw = {"scores": {"een": 1, "twee": 5, "drie": 3, "weg": 4}}
    assert SCHAAL.check_answer(exercise, raw) == {"scores": {"een": 1, "twee": 5, "drie": 3}}


@pytest.mark.parametrize(
    ("raw", "missing"),
    [
        ({"scores": {}}, "1, 2, 3"),
        ({}, "1, 2, 3"),
        (None, "1, 2, 3"),
        ("5", "1, 2, 3"),
        ({"scores": {"een": 1, "drie": 3}}, "2"),
        ({"scores": {"een": 0, "twee": 2, "drie": 3}}, "1"),
        ({"scores": {"een": 1, "twee": 6, "drie": 3}}, "2"),
        ({"scores": {"een": 1, "twee": 2, "drie": -3}}, "3"),
        ({"scores": {"een": "3", "twee": 2, "drie": 3}}, "1"),
        ({"scores": {"een": 3.0, "twee": 2, "drie": 3}}, "1"),
        ({"scores": {"een": True, "twee": 2, "drie": 3}}, "1"),
        ({"scores": {"een": 1, "twee": False, "drie": None}}, "2, 3"),
    ],
)
def test_schaal_check_answer_needs_every_statement_rated_1_to_5(raw, missing: str):
    with pytest.raises(AnswerProblem) as info:
        SCHAAL.check_answer(schaal(), raw)
    assert info.value.message == f"Geef bij elke uitspraak een antwoord. Nog open: {missing}."


# --- stelling ------------------------------------------------------------------------------


def test_stelling_summarize_counts_and_reasons_per_choice():
    exercise = stelling()
    summary = STELLING.summarize(
        exercise,
        [
            answer("p-1", {"choice": "eens", "reason": "Ouders kennen hun kind."}),
            answer("p-2", {"choice": "oneens", "reason": ""}),
            answer("p-3", {"choice": "eens", "reason": ""}),
            answer("p-4", {"choice": "oneens", "reason": "Soms niet."}),
            answer("p-5", {"choice": "eens", "reason": "Zij blijven."}),
            answer("p-6", {"choice": "weet_niet", "reason": "Hangt ervan af."}),
        ],
    )
    assert summary.respondents == 6
    assert summary.counts == {"eens": 3, "oneens": 2, "weet_niet": 1}
    assert summary.reasons == {
        "eens": ("Ouders kennen hun kind.", "Zij blijven."),
        "oneens": ("Soms niet.",),
        "weet_niet": ("Hangt ervan af.",),
    }


def test_stelling_summarize_without_answers():
    summary = STELLING.summarize(stelling(), [])
    assert summary.respondents == 0
    assert summary.counts == {"eens": 0, "oneens": 0, "weet_niet": 0}
    assert summary.reasons == {"eens": (), "oneens": (), "weet_niet": ()}


def test_stelling_check_answer():
    exercise = stelling()
    assert STELLING.check_answer(exercise, {"choice": "eens"}) == {"choice": "eens", "reason": ""}
    assert STELLING.check_answer(exercise, {"choice": "weet_niet", "reason": "  Omdat.  "}) == {
        "choice": "weet_niet",
        "reason": "Omdat.",
    }
    assert STELLING.check_answer(exercise, {"choice": "oneens", "reason": None}) == {
        "choice": "oneens",
        "reason": "",
    }


@pytest.mark.parametrize(
    "raw",
    [None, {}, {"choice": None}, {"choice": ""}, {"choice": "Eens"}, {"choice": "ja"}, "eens"],
)
def test_stelling_check_answer_needs_a_choice(raw):
    with pytest.raises(AnswerProblem) as info:
        STELLING.check_answer(stelling(), raw)
    assert info.value.message == "Kies eerst een antwoord."


@pytest.mark.parametrize(
    ("reason", "category"),
    [
        ("Mail me op jan.jansen@example.nl als je wilt.", "een e-mailadres"),
        ("Haar BSN is 111222333.", "een BSN"),
        ("Bel 06-12345678 even.", "een telefoonnummer"),
    ],
)
def test_stelling_reason_goes_through_identifier_detection(reason: str, category: str):
    with pytest.raises(AnswerProblem) as info:
        STELLING.check_answer(stelling(), {"choice": "eens", "reason": reason})
    assert category in info.value.message
    assert info.value.message.startswith("Dit lijkt op gegevens die iemand herkenbaar maken:")


def test_stelling_reason_is_limited():
    with pytest.raises(AnswerProblem) as info:
        STELLING.check_answer(stelling(), {"choice": "eens", "reason": "a" * 601})
    assert info.value.message == "Je antwoord is te lang: 601 tekens. Het mag er 600 zijn."
    assert STELLING.check_answer(stelling(), {"choice": "eens", "reason": "a" * 600})["reason"]


def test_stelling_without_reason_ignores_any_reason_sent():
    exercise = stelling(ask_reason=False)
    raw = {"choice": "oneens", "reason": "jan@example.nl"}
    assert STELLING.check_answer(exercise, raw) == {"choice": "oneens", "reason": ""}


# --- open ----------------------------------------------------------------------------------


def test_open_summarize_keeps_texts_in_order():
    summary = OPEN.summarize(
        open_question(),
        [
            answer("p-1", {"text": "Eerste"}),
            answer("p-2", {"text": "Tweede"}),
            answer("p-3", {"text": ""}),
            answer("p-4", {"text": "Derde <b>vet</b>"}),
        ],
    )
    assert summary.respondents == 4
    assert summary.texts == ("Eerste", "Tweede", "Derde <b>vet</b>")
    assert OPEN.summarize(open_question(), []).texts == ()


@pytest.mark.parametrize("raw", [{"text": ""}, {"text": "   \n\t "}, {}, None, {"text": None}])
def test_open_check_answer_rejects_empty(raw):
    with pytest.raises(AnswerProblem) as info:
        OPEN.check_answer(open_question(), raw)
    assert info.value.message == "Je hebt nog niets geschreven."


def test_open_check_answer_rejects_too_long_with_the_numbers():
    exercise = open_question(max_length=50)
    assert OPEN.check_answer(exercise, {"text": "a" * 50}) == {"text": "a" * 50}
    with pytest.raises(AnswerProblem) as info:
        OPEN.check_answer(exercise, {"text": "a" * 51})
    assert info.value.message == "Je antwoord is te lang: 51 tekens. Het mag er 50 zijn."
    assert "51" in info.value.message
    assert "50" in info.value.message


def test_open_default_limit():
    exercise = open_question()
    assert exercise.max_length == 600 <= MAX_TEXT_LENGTH
    with pytest.raises(AnswerProblem, match="601 tekens"):
        OPEN.check_answer(exercise, {"text": "b" * 601})


def test_open_length_is_counted_after_stripping():
    exercise = open_question(max_length=20)
    padded = "   " + "c" * 20 + "   \n"
    assert OPEN.check_answer(exercise, {"text": padded}) == {"text": "c" * 20}


@pytest.mark.parametrize(
    "text",
    [
        "<img src=x onerror=alert(1)>",
        "<script>alert('hoi')</script> & \"quotes\"",
        "Ik ben blij 🙂👍🏽 met dit gesprek",
        "Één moment: café, ‘aanhalingstekens’ en — streepjes",
    ],
)
def test_open_accepts_any_text_unchanged(text: str):
    # escaping is the display's job, the stored answer is what was typed
    assert OPEN.check_answer(open_question(), {"text": text}) == {"text": text}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Het BSN van de moeder is 111222333.", "BSN"),
        ("BSN 111 222 333", "BSN"),
        ("Mail naar ouder@voorbeeld.nl", "e-mailadres"),
        ("Ze woont in 1234 AB.", "postcode"),
        ("Op 12-03-2023 was het gesprek.", "datum"),
    ],
)
def test_open_rejects_identifiers(text: str, category: str):
    with pytest.raises(AnswerProblem) as info:
        OPEN.check_answer(open_question(), {"text": text})
    assert category in info.value.message


def test_open_lists_each_category_once():
    text = "Mail a@b.nl of c@d.nl, BSN 111222333"
    with pytest.raises(AnswerProblem) as info:
        OPEN.check_answer(open_question(), {"text": text})
    assert info.value.message == (
        "Dit lijkt op gegevens die iemand herkenbaar maken: een e-mailadres, een BSN. "
        "Pas je tekst aan en sla dan opnieuw op."
    )
