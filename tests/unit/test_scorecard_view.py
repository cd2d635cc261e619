"""The one scorecard view: every front end shows its rows and marks; the headline is honest
about what was volunteered; coverage needs a fitting story; length fixes say which way."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from rich.console import Console
from sample_sessions import fake_score_story, make_session

from interviewer import scorecard
from interviewer.export import html, markdown, terminal
from interviewer.models import RuleResult, Session, StoryScore, Turn
from interviewer.scorecard_view import load_marks, scorecard_view
from interviewer.tui.screens.scorecard import render_story, render_summary
from interviewer.tui.widgets.checklist import ChecklistState, render_checklist

ROOT = Path(__file__).resolve().parents[2]


def plain(renderable, width: int = 200) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def with_fit(fitting: set[str]):
    """The fake scorer, with the scorer's fit rule: passed for the ``fitting`` competencies."""

    def scorer(texts, competency=None) -> StoryScore:
        score = fake_score_story(texts, competency)
        fit = RuleResult(
            id=scorecard.FIT_RULE,
            passed=competency in fitting,
            weight=10,
            message="fit",
            probe="Ask about fit.",
        )
        combined = score.combined.model_copy(update={"rules": (*score.combined.rules, fit)})
        return score.model_copy(update={"combined": combined, "missing": combined.failed})

    return scorer


# --------------------------------------------------------------------------- headline


def test_the_headline_shows_what_was_volunteered_beside_what_follow_ups_reached():
    session = make_session(stories=3, finished=True)
    card = scorecard.build(session, scorer=fake_score_story)
    view = scorecard_view(card)
    volunteered, reached = view.headline.figures
    mains = [story.score.turns[0].score for story in card.stories if story.score]
    assert volunteered.score == round(sum(mains) / 3)
    assert (reached.score, reached.rating) == (card.score, card.rating)
    assert volunteered.score < reached.score  # the follow-ups gave the results here

    md = markdown.render(session, card)
    assert (
        f"Volunteered (main answers alone) **{volunteered.score}/100**, rated "
        f"{volunteered.rating}/5 ({volunteered.rating_name}) → after follow-ups "
        f"**{reached.score}/100**" in md
    )
    page = html.render(session, card)
    assert f'<span class="big">{volunteered.score}</span>' in page
    assert f'<span class="big">{reached.score}</span>' in page
    shown = plain(terminal.render(session, card))
    assert re.search(rf"Volunteered \(main answers alone\)\s+{volunteered.score}/100", shown)
    assert re.search(rf"After follow-ups\s+{reached.score}/100", shown)
    summary = plain(render_summary(view))
    assert re.search(rf"Volunteered \(main answers alone\)\s+{volunteered.score}/100", summary)
    assert re.search(rf"After follow-ups\s+{reached.score}/100", summary)


def test_each_story_shows_its_main_answer_beside_its_score_after_follow_ups():
    session = make_session(stories=1)
    card = scorecard.build(session, scorer=fake_score_story)
    story = card.stories[0]
    assert story.score is not None
    main, after = story.score.turns[0].score, story.score.combined.score
    assert main < after
    expected = f"Volunteered {main}/100"
    view = scorecard_view(card).stories[0]
    assert [f.score for f in view.figures] == [main, after]
    assert f"Volunteered **{main}/100**" in markdown.render(session, card)
    assert f"after 1 follow-up **{after}/100**" in markdown.render(session, card)
    assert expected in plain(render_story(view, 3))
    assert expected in plain(terminal.render(session, card))


def test_a_story_without_follow_ups_shows_one_figure():
    session = make_session(stories=0).model_copy(
        update={"turns": [Turn(role="candidate", text="At my job I fixed it.", story=0)]}
    )
    view = scorecard_view(scorecard.build(session, scorer=fake_score_story)).stories[0]
    (figure,) = view.figures
    assert figure.label == "Main answer, no follow-ups"


# --------------------------------------------------------------------------- coverage


def test_a_story_that_does_not_fit_its_principle_is_not_coverage():
    session = make_session(stories=3, finished=True)
    card = scorecard.build(session, scorer=with_fit({"ownership", "customer_obsession"}))
    assert card.coverage == {
        "ownership": True,
        "bias_for_action": False,
        "customer_obsession": True,
    }
    view = scorecard_view(card)
    assert (view.headline.told, view.headline.covered) == (3, 2)
    assert not view.stories[1].covered
    assert view.stories[1].principle.note == "told, but the story does not show it"
    assert "Principles covered: 2 of 3." in markdown.render(session, card)
    assert "Principles covered: 2 of 3" in html.render(session, card)
    shown = plain(terminal.render(session, card))
    assert "Principles covered: 2 of 3" in shown
    assert "Bias for Action: told, but the story does not show it" in shown
    assert "3 of 3 stories told · Principles covered: 2 of 3" in plain(render_summary(view))


def test_a_principle_the_scorer_cannot_judge_is_covered_by_a_story_told():
    card = scorecard.build(make_session(stories=1), scorer=fake_score_story)
    assert card.coverage == {
        "ownership": True,
        "bias_for_action": False,
        "customer_obsession": False,
    }


# --------------------------------------------------------------------------- length


FILLER = "and then we talked about it again in the next meeting with everyone there "
ALL_KEYWORDS = (
    "At my job nobody owned it, so I fixed it, a trade-off. It went from 47 to 13 within a "
    "month, and I learned a lot."
)


def timeboxed(texts, competency=None) -> StoryScore:
    """The fake scorer with the real length rule: 150-225 words in the main answer."""
    score = fake_score_story(texts, competency)
    words = score.turns[0].word_count
    rules = tuple(
        r.model_copy(update={"passed": 150 <= words <= 225}) if r.id == "length" else r
        for r in score.combined.rules
    )
    combined = score.combined.model_copy(update={"rules": rules})
    return score.model_copy(
        update={
            "combined": combined,
            "missing": combined.failed,
            "probed": tuple(r for r in score.probed if r != "length"),
        }
    )


def told(text: str, stories: int = 3) -> Session:
    turns = [Turn(role="candidate", text=text, story=i) for i in range(stories)]
    return make_session(stories=0).model_copy(update={"turns": turns})


def test_too_short_and_too_long_stories_get_opposite_fixes():
    short = scorecard.build(told(ALL_KEYWORDS), scorer=timeboxed)
    long = scorecard.build(told(ALL_KEYWORDS + " " + FILLER * 30), scorer=timeboxed)
    for card in (short, long):
        assert all(story.score and story.score.missing == ("length",) for story in card.stories)
    texts = scorecard.load_texts()
    assert short.improvements[0] == f"In 3 of 3 stories: {texts.general['length_too_short']}"
    assert long.improvements[0] == f"In 3 of 3 stories: {texts.general['length_too_long']}"
    assert short.improvements[0] != long.improvements[0]
    assert short.improvements[0].startswith("In 3 of 3 stories: give")
    assert long.improvements[0].startswith("In 3 of 3 stories: cut")
    # And per story.
    assert "aim for 60-90 s" in short.stories[0].improvements[0]
    assert "cut it to 60-90 s" in long.stories[0].improvements[0]


def test_a_session_with_both_gets_both_fixes_counted_apart():
    session = told(ALL_KEYWORDS)
    long = ALL_KEYWORDS + " " + FILLER * 30
    turns = [session.turns[0], *(t.model_copy(update={"text": long}) for t in session.turns[1:])]
    card = scorecard.build(session.model_copy(update={"turns": turns}), scorer=timeboxed)
    texts = scorecard.load_texts()
    assert card.improvements[:2] == (
        f"In 2 of 3 stories: {texts.general['length_too_long']}",
        f"In 1 of 3 stories: {texts.general['length_too_short']}",
    )


# --------------------------------------------------------------------------- one view


def custom_marks():
    texts = scorecard.load_texts()
    marks = {status: dict(mark) for status, mark in texts.marks.items()}
    for status, symbol in (("volunteered", "[V]"), ("probed", "[P]"), ("missing", "[M]")):
        marks[status]["symbol"] = symbol
        marks[status]["label"] = f"<{status}>"
    return dataclasses.replace(texts, marks=marks)


def test_the_terminal_and_the_tui_show_the_same_rows_and_marks_from_the_view():
    session = make_session(stories=3, finished=True)
    texts = custom_marks()
    card = scorecard.build(session, scorer=fake_score_story, texts=texts)
    view = scorecard_view(card, texts)
    shown = plain(terminal.render(session, card, texts))
    for story in view.stories:
        want = [(row.label, row.mark.symbol, row.mark.label) for row in story.rows]
        assert {status for _, _, status in want} == {"<volunteered>", "<probed>", "<missing>"}
        section = shown.split(f"Story {story.number}: ")[1].split("Story ")[0]
        tui = plain(render_story(story, len(view.stories)))
        for label, symbol, words in want:
            assert re.search(rf"{re.escape(label)}\s+{re.escape(symbol)} {words}", section)
            assert re.search(rf"{re.escape(symbol)} {re.escape(label)}\s+\({words}\)", tui)
        marks_in = lambda text: re.findall(r"\[[VPM]\]", text)  # noqa: E731
        assert marks_in(section) == marks_in(tui) == [s for _, s, _ in want]
    md = markdown.render(session, card, texts)
    assert "| Learning | [P] | <probed> |" in md
    assert '<td class="missing">[M] &lt;missing&gt;</td>' in html.render(session, card, texts)


def test_the_legend_is_built_from_the_marks():
    texts = scorecard.load_texts()
    marks = load_marks(texts)
    assert texts.legend == " · ".join(
        f"{marks[s].symbol} {marks[s].legend}" for s in ("volunteered", "probed", "missing")
    )
    assert texts.legend == "✓ volunteered in the main answer · ◐ only after a follow-up · ✗ missing"


def test_the_checklist_shows_the_scorecards_marks():
    session = make_session(stories=1)
    score = scorecard.story_scores(session, fake_score_story)[0]
    assert score is not None
    state = ChecklistState(score=score, follow_up=1, max_follow_ups=2, asked_for=("tradeoff",))
    lines = plain(render_checklist(state)).splitlines()
    marks = load_marks()
    assert f" {marks['volunteered'].symbol} Situation" in lines
    assert f" {marks['probed'].symbol} Result in numbers" in lines  # came in the follow-up
    assert f" {marks['asked'].symbol} Trade-off" in lines
    assert " · Result in numbers" not in lines


def test_no_front_end_defines_a_mark_of_its_own():
    symbols = {mark.symbol for mark in load_marks().values()}
    assert symbols >= {"✓", "◐", "✗"}
    for path in (ROOT / "interviewer").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for symbol in ("✓", "◐", "✗"):
            assert symbol not in source, f"{path.relative_to(ROOT)} defines {symbol}"
