"""Sentence roles and the coach's caps: what the grading-truth work promised."""

from __future__ import annotations

from interviewer.scoring import grade_turn, score_turn
from interviewer.scoring.analysis import MAX_ANALYSED_CHARS, analyse
from interviewer.scoring.fit import best_fit
from interviewer.scoring.roles import Role, is_template, sentence_roles

TEMPLATE = (
    "Situation: In my previous role, customer satisfaction was a key priority and there was an "
    "opportunity to improve the customer experience. Task: My task was to put the customer at "
    "the center of everything. Action: I leveraged data, listened to the voice of the customer "
    "and collaborated cross-functionally with stakeholders. Result: As a result, customer "
    "satisfaction improved by 30%. Learning: I learned that customer obsession is about always "
    "starting with the customer."
)

WE_ONLY = (
    "Last spring our warehouse kept missing the 4 pm truck and about 200 orders a week went out "
    "late. We mapped the picking route, we moved the fast sellers next to the dock and we added "
    "a second wave at noon. Within a month we were making the truck every day and late orders "
    "fell from 200 a week to about 15. We learned to check the route data every quarter."
)

SLOW_EVALUATION = (
    "Our team had to choose a new payroll vendor. Over four months I ran a formal evaluation: "
    "I built a scoring sheet with forty criteria, audited each vendor's data exports line by "
    "line, checked their references and compared three years of error logs. I found that one "
    "vendor's reports hid a reconciliation gap of about 2% a month. We picked the other vendor "
    "and payroll errors fell from twelve a quarter to one within two quarters. Next time I would "
    "involve finance from the first week."
)


def test_a_keyword_stuffed_template_rates_at_most_2() -> None:
    assert is_template(analyse(TEMPLATE))
    grade = grade_turn(TEMPLATE, "customer_obsession")
    assert grade.rating <= 2
    assert not grade.rules["situation"]
    assert not grade.rules["learning"]


def test_a_we_only_story_cannot_rate_above_3() -> None:
    grade = grade_turn(WE_ONLY, "deliver_results")
    assert not grade.rules["first_person"]
    assert grade.rating <= 3


def test_a_story_of_another_principle_rates_at_most_3_and_says_which() -> None:
    score = score_turn(SLOW_EVALUATION, "bias_for_action")
    fit = score.rule("competency_fit")
    assert not fit.passed
    assert score.rating <= 3
    assert "it shows" in fit.message
    assert best_fit(SLOW_EVALUATION) != "bias_for_action"


def test_a_number_in_the_problem_is_no_quantified_result() -> None:
    text = (
        "Our builds took 47 minutes last year and 18% of them failed. I profiled the suite and I "
        "split it into shards. After that the builds were fast and nobody complained."
    )
    grade = grade_turn(text)
    assert grade.rules["result"]
    assert not grade.rules["result_quantified"]


def test_last_year_in_the_problem_is_no_result_timeframe() -> None:
    text = (
        "Last year our invoices went out late every month. I rewrote the export and I automated "
        "the checks. The invoices went out on the first working day."
    )
    assert not grade_turn(text).rules["result_timeframe"]


def test_an_outcome_told_as_a_state_is_a_result_with_its_timeframe() -> None:
    text = (
        "Orders were stuck in the warehouse every Friday. I called the carrier and I added a "
        "second pickup. By the next Friday every order went out the same day."
    )
    grade = grade_turn(text)
    assert grade.rules["result"]
    assert grade.rules["result_timeframe"]


def test_evidence_names_the_role_of_its_sentence() -> None:
    score = score_turn(SLOW_EVALUATION)
    assert score.rule("result").evidence[0].role == Role.OUTCOME
    assert score.rule("learning").evidence[0].role == Role.REFLECTION
    assert all(e.role == Role.OWN_ACTION for e in score.rule("action").evidence)


def test_every_sentence_gets_a_role() -> None:
    a = analyse(SLOW_EVALUATION)
    roles = sentence_roles(a)
    assert len(roles) == len(a.sentences)
    assert all(roles)
    assert Role.CONTEXT in roles[0]


def test_a_huge_answer_is_read_to_a_bounded_length_but_counted_whole() -> None:
    text = ("I fixed the build and I cut the cost. " * 200_000)[:5_000_000]
    a = analyse(text)
    assert len(a.text) <= MAX_ANALYSED_CHARS
    assert a.word_count > 900_000
    assert not grade_turn(text).rules["length"]
