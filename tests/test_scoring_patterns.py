"""Failure patterns found by measuring the scorer on held-out public answers (docs/scoring.md).

Each case is written here in our own words and pins one pattern that the definitions decide:
generic or hypothetical answers set no scene, words in a labelled situation or task are not
outcomes, a changed habit is a lesson, and so on.
"""

from __future__ import annotations

from interviewer.scoring import score_turn


def passed(text: str) -> frozenset[str]:
    return score_turn(text).passed


# --------------------------------------------------------------------------- situation


def test_a_generic_creed_sets_no_scene() -> None:
    text = (
        "In my experience, when a client is upset I believe it is important to stay calm. "
        "I think listening to their concerns is the key to easing the tension."
    )
    assert "situation" not in passed(text)


def test_a_story_setting_with_something_going_wrong_is_a_situation() -> None:
    assert "situation" in passed(
        "In one class I taught, a boy kept interrupting the lesson and distracting others."
    )
    assert "situation" in passed(
        "On a payroll release last spring, the vendor's schedule was not clear and my "
        "delivery was impacted."
    )


# --------------------------------------------------------------------------- task, action


def test_leading_a_group_names_the_speakers_role() -> None:
    assert "task" in passed("While leading a team of volunteers on a river clean-up, rain hit.")


def test_came_up_with_is_a_concrete_step() -> None:
    text = "I came up with a rota, and phoned the two drivers who were affected."
    assert "action" in passed(text)
    assert "action" in passed("I went to my supervisor and offered to cover the late shift.")


# --------------------------------------------------------------------------- results


def test_outcome_words_in_a_labelled_task_are_background() -> None:
    text = (
        "Task: keep the booking site up; the last patch worked fine in testing.\n"
        "Action: I paged the host and I moved traffic to the spare region.\n"
    )
    assert "result" not in passed(text)


def test_recognising_a_mistake_is_not_a_result_but_being_recognised_is() -> None:
    assert "result" not in passed(
        "I mislabelled a sample. Once I recognized my error, I told the lab lead "
        "and I relabelled it."
    )
    assert "result" in passed(
        "I relabelled the samples and I wrote a checklist. My work was recognized by the director."
    )


def test_a_purpose_clause_is_not_an_outcome() -> None:
    text = (
        "I was asked to move the ledger to a new cluster to support our growth from 2 million "
        "to 9 million rows. I planned the cutover and I rehearsed it twice."
    )
    assert "result_baseline" not in passed(text)
    text = "I drafted a rota and I set reminders to ensure the paperwork was completed on time."
    assert "result" not in passed(text)


def test_a_clean_outcome_said_plainly_is_a_result() -> None:
    base = "I rehearsed the switchover and I wrote a rollback script. "
    assert "result" in passed(base + "The second attempt a week later was flawless.")
    assert "result_timeframe" in passed(base + "The second attempt a week later was flawless.")
    assert "result" in passed(base + "The move went ahead without incidents.")


def test_options_compared_with_vs_are_not_a_baseline() -> None:
    text = (
        "I laid out two options (trim scope vs. slip a week) and I recommended the slip. "
        "They agreed and the release landed on the new date."
    )
    assert "result_baseline" not in passed(text)
    assert "result_baseline" in passed(
        "I tuned the index and I cached the lookups. Search now takes 90 ms vs 400 ms."
    )


def test_acting_immediately_is_not_when_the_result_was_seen() -> None:
    text = "I immediately paged the owner and I rolled back the change, which fixed the outage."
    assert "result_timeframe" not in passed(text)
    assert "result_timeframe" in passed(
        "I rolled back the change and I paged the owner. Errors fell to zero immediately after."
    )


def test_a_frequency_is_a_timeframe_only_as_a_rate() -> None:
    base = "I rebuilt the export and I trained the clerks. "
    assert "result_timeframe" not in passed(base + "It gave us a much smoother monthly cycle.")
    assert "result_timeframe" in passed(base + "It saved the office 6 hours weekly.")


# --------------------------------------------------------------------------- learning, trade-off


def test_a_changed_habit_is_a_lesson() -> None:
    assert "learning" in passed(
        "I shipped four days late and I told my lead early. I now flag risks on the first day."
    )
    assert "learning" in passed(
        "I missed the date and I apologised. I added a buffer to my future estimates."
    )
    # what others adopted is a result, not the speaker's lesson
    assert "learning" not in passed(
        "I wrote the guide and I ran the sessions. It was adopted for future projects too."
    )


def test_a_hypothetical_plan_is_not_hindsight() -> None:
    assert "learning" not in passed("I would first take the parent outside and I would listen.")


def test_preventing_a_repeat_is_not_a_tradeoff() -> None:
    text = "I informed the next nurse and I wrote it up. To prevent this, I set a reminder."
    assert "tradeoff" not in passed(text)


def test_a_longer_than_expected_duration_is_not_an_alternative() -> None:
    text = (
        "I ran the migration and I watched it. It locked the table for 2 hours "
        "instead of the expected 5 minutes."
    )
    assert "tradeoff" not in passed(text)


def test_a_concession_in_the_task_is_not_a_tradeoff() -> None:
    text = (
        "Task: I volunteered to lead the fix, even though I was the newest hire.\n"
        "Action: I mapped the flow and I rewrote the form.\n"
    )
    assert "tradeoff" not in passed(text)
