"""Pick a question (the seeded one first and preselected), see who interviews, begin."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from interviewer.models import Question
from interviewer.questions import QuestionBank
from interviewer.tui.literal import literal
from interviewer.tui.messages import BeginInterview


def describe_question(question: Question) -> Text:
    text = literal(question.title, style="bold")
    where = " · ".join(p for p in (question.company, question.role) if p)
    if where:
        text.append("\n")
        text.append_text(literal(where, style="dim"))
    text.append("\n\n")
    text.append_text(literal(question.text))
    count = len(question.competencies)
    stories = (
        "One story, on this principle:" if count == 1 else f"{count} stories, one per principle:"
    )
    text.append(f"\n\n{stories}\n", "bold")
    for number, competency in enumerate(question.competencies, start=1):
        text.append(f" {number}. ")
        text.append_text(literal(competency.name, style="bold"))
        text.append(" — ")
        text.append_text(literal(competency.definition, style="dim"))
        text.append("\n")
    text.append("\nTell each story in 60-90 s: Situation, Task, Action, Result, Learning.", "dim")
    return text


class StartScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "begin", "Begin"),
        Binding("question_mark", "app.help", "Help", show=False),
    ]

    def __init__(self, bank: QuestionBank, preselected: str, interviewer: str) -> None:
        super().__init__()
        self.bank = bank
        self.preselected = preselected
        self.interviewer = interviewer

    def compose(self) -> ComposeResult:
        yield Static(
            Text("interviewer", style="bold") + Text("  mock behavioral interview"), id="title-bar"
        )
        with Horizontal(id="start-body"):
            options = [Option(literal(q.title), id=q.id) for q in self.bank]
            picker = OptionList(*options, id="questions")
            picker.border_title = "Questions"
            yield picker
            with VerticalScroll(id="question-detail") as detail:
                detail.border_title = "The question"
                yield Static(id="question-text")
        with Vertical(id="start-foot"):
            line = Text("Interviewer: ", style="bold")
            line.append_text(literal(self.interviewer))
            yield Static(line, id="interviewer-line")
            yield Static(Text("Press Enter to begin.", style="bold"), id="begin-hint")
        yield Footer()

    def on_mount(self) -> None:
        picker = self.query_one("#questions", OptionList)
        picker.highlighted = picker.get_option_index(self.preselected)
        picker.focus()
        self._show(self.bank.get(self.preselected))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id is not None:
            self._show(self.bank.get(event.option_id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_begin()

    def _show(self, question: Question) -> None:
        self.query_one("#question-text", Static).update(describe_question(question))
        self.query_one("#question-detail", VerticalScroll).scroll_home(animate=False)

    def selected(self) -> Question:
        picker = self.query_one("#questions", OptionList)
        index = picker.highlighted
        if index is None:
            return self.bank.get(self.preselected)
        option_id = picker.get_option_at_index(index).id
        return self.bank.get(option_id or self.preselected)

    def action_begin(self) -> None:
        self.post_message(BeginInterview(self.selected()))
