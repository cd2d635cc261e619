"""The interview room: a small app that moves between the start, interview and scorecard
screens. The wiring (bank, backend, store) lives in :class:`interviewer.tui.room.Room`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from interviewer.driver import Driver
from interviewer.export.common import visible
from interviewer.tui.commands import RoomCommands
from interviewer.tui.messages import BeginInterview, InterviewFinished, StartAgain
from interviewer.tui.room import Room

DARK, LIGHT = "textual-dark", "textual-light"

PaletteAction = tuple[str, str, str]


class InterviewerApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "interviewer"
    COMMANDS = App.COMMANDS | {RoomCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]  # noqa: RUF012 - Textual declares it
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
    ]

    def __init__(self, room: Room, *, resume: Driver | None = None, blink: bool = True) -> None:
        super().__init__()
        self.room = room
        self.resumed = resume
        self.blink = blink
        self.theme = DARK

    async def on_unmount(self) -> None:
        await self.room.aclose()

    def on_mount(self) -> None:
        if self.resumed is not None:
            self.push_screen(self._interview_screen(self.resumed))
        elif self.room.begin_now:
            self._begin(self.room.preselected, push=True)
        else:
            self.push_screen(self._start_screen())

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is shown literally: messages may quote an API or the user."""
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False
        )

    # ------------------------------------------------------------------ screens

    def _start_screen(self) -> Screen[None]:
        from interviewer.tui.screens.start import StartScreen

        preselected = self.room.preselected.id
        return StartScreen(self.room.bank, preselected, self.room.interviewer_label)

    def _interview_screen(self, driver: Driver) -> Screen[None]:
        from interviewer.tui.screens.interview import InterviewScreen

        return InterviewScreen(driver, self.room.interviewer_label, blink=self.blink)

    def _begin(self, question: object, *, push: bool) -> None:
        from interviewer.models import Question

        assert isinstance(question, Question)
        try:
            driver = self.room.start(question)
        except Exception as error:
            self.notify(f"Could not start: {error}", severity="error")
            if push:
                self.push_screen(self._start_screen())
            return
        screen = self._interview_screen(driver)
        if push:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def on_begin_interview(self, message: BeginInterview) -> None:
        self._begin(message.question, push=False)

    def on_interview_finished(self, message: InterviewFinished) -> None:
        from interviewer.tui.screens.scorecard import ScorecardScreen

        try:
            card = self.room.scorecard(message.session)
        except Exception as error:
            self.notify(f"Could not build the scorecard: {error}", severity="error")
            return
        self.switch_screen(ScorecardScreen(message.session, card, self.room.export_dir))

    def on_start_again(self, message: StartAgain) -> None:
        self.switch_screen(self._start_screen())

    # ------------------------------------------------------------------ actions

    def action_help(self) -> None:
        from interviewer.tui.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    async def action_quit(self) -> None:
        """Quit; mid-interview, ask once first. Either way the draft is saved."""
        from interviewer.tui.screens.confirm import ConfirmQuit
        from interviewer.tui.screens.interview import InterviewScreen

        if isinstance(self.screen, ConfirmQuit):
            self.screen.dismiss(True)
            return
        # The interview may be under the help screen or the command palette: look down the
        # stack, so quitting from there also asks and keeps the draft.
        interviews = [s for s in self.screen_stack if isinstance(s, InterviewScreen)]
        if interviews and interviews[-1].in_progress:
            screen = interviews[-1]
            screen.save_draft()

            def answered(quit_: bool | None) -> None:
                if quit_:
                    screen.save_draft()
                    self.exit()

            self.push_screen(ConfirmQuit(screen.session.id), answered)
            return
        self.exit()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands, minus the ones the room replaces (Keys, Quit)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Keys", "Quit"):
                yield command

    def palette_actions(self, screen: Screen[object]) -> list[PaletteAction]:
        """(name, help, action) for the command palette, for the screen it was opened on."""
        from interviewer.tui.screens.interview import InterviewScreen
        from interviewer.tui.screens.scorecard import ScorecardScreen
        from interviewer.tui.screens.start import StartScreen

        actions: list[PaletteAction] = []
        if isinstance(screen, StartScreen):
            actions.append(("Begin the interview", "Start with the highlighted question", "begin"))
        elif isinstance(screen, InterviewScreen):
            actions += [
                ("Send answer", "Submit what is in the answer box (Ctrl+S)", "send"),
                ("Stop the interviewer", "Stop the reply being written (Esc)", "stop"),
                (
                    "Show or hide the checklist",
                    "The live STAR-L checklist (F2)",
                    "toggle_checklist",
                ),
            ]
        elif isinstance(screen, ScorecardScreen):
            actions += [
                ("Export as Markdown", "Write the transcript and scorecard (m)", "export('md')"),
                ("Export as JSON", "The whole session as JSON (j)", "export('json')"),
                ("Export as HTML", "A self-contained page (h)", "export('html')"),
                ("New interview", "Back to the questions (n)", "start_again"),
            ]
        actions += [
            ("Keys", "Every key binding (F1)", "app.help"),
            (
                "Toggle light/dark theme",
                "Switch between the light and dark theme (Ctrl+T)",
                "app.toggle_theme",
            ),
            ("Quit", "Leave interviewer; mid-interview your draft is kept (Ctrl+Q)", "app.quit"),
        ]
        return actions
