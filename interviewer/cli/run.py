"""`interviewer run`: a whole interview with no TUI.

The candidate's answers come from a file, one per candidate turn, separated by a line holding
only ``---``. Only a newline (``\n`` or ``\r\n``) ends a line: form feeds, information
separators, U+2028 and the like stay inside the answer. The transcript is printed as it
happens (plain text, shown literally), each interviewer turn after a header naming its move
(``[story 2/3 · Bias for Action · follow-up 1/2 on: learning, tradeoff]``) so the transcript
shows what was asked whatever the wording; the session is journaled to the sessions
directory as it goes, and the run ends cleanly when the answers run out (the session is then
saved unfinished, to resume later).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from interviewer.cli.errors import CliError
from interviewer.cli.inputs import read_text
from interviewer.cli.parsing import Subparsers
from interviewer.config import field_help
from interviewer.models import (
    Ask,
    ChallengeFit,
    Deepen,
    Move,
    Probe,
    Session,
    StoryScore,
    Turn,
    WrapUp,
)

if TYPE_CHECKING:
    from interviewer.driver import Driver

SEPARATOR = "---"


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run a whole interview from a file of answers (no TUI)",
        description=(
            "Run a whole interview with no TUI. The candidate's answers come from FILE, one "
            "per candidate turn (main answers and answers to follow-ups alike), separated by "
            "a line holding only '---'. The transcript is printed as it goes and the session "
            "is saved; the run ends when the interview does or the answers run out."
        ),
    )
    parser.add_argument("--answers", required=True, metavar="FILE", help="the answers file")
    parser.add_argument(
        "--backend",
        choices=("offline", "openai"),
        default=None,
        help="who interviews (default: openai if an API is configured, else offline)",
    )
    parser.add_argument(
        "--question", metavar="ID", default=None, help="question id (default: the seeded question)"
    )
    parser.add_argument(
        "--max-probes", type=int, default=None, metavar="N", help=field_help("max_probes")
    )
    parser.add_argument("--model", default=None, help="model name for the openai backend")
    parser.add_argument("--base-url", default=None, help="OpenAI-compatible endpoint URL")
    parser.add_argument(
        "--sessions-dir", type=Path, default=None, metavar="DIR", help="where sessions are saved"
    )
    parser.add_argument(
        "--session-id",
        default=None,
        metavar="ID",
        help="id for the new session (default: time-based); also fixes the offline wording",
    )
    parser.add_argument(
        "--quiet-scores", action="store_true", help="do not print the score line after answers"
    )
    parser.set_defaults(handler=handle)


def read_answers(path: Path) -> list[str]:
    """The answers in FILE ('-' is standard input); blank answers are skipped."""
    text = read_text(str(path), f"answers file {path}")
    answers: list[str] = []
    current: list[str] = []
    # Not str.splitlines(): it also breaks at \x0b, \x0c, \x1c-\x1e, \x85, U+2028 and
    # U+2029, which would cut an answer that holds one of them.
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.rstrip() == SEPARATOR:
            answers.append("\n".join(current).strip())
            current = []
        else:
            current.append(line)
    answers.append("\n".join(current).strip())
    answers = [a for a in answers if a]
    if not answers:
        raise CliError(f"answers file {path} holds no answers")
    return answers


def handle(args: argparse.Namespace) -> int:
    from interviewer.backends.base import BackendError
    from interviewer.backends.configured import make_backend
    from interviewer.config import ConfigError, load_settings
    from interviewer.questions import QuestionBankError, UnknownQuestionError, bank
    from interviewer.store import JournalError, SessionStore

    answers = read_answers(Path(args.answers))
    try:
        settings = load_settings(
            backend=args.backend,
            max_probes=args.max_probes,
            model=args.model,
            base_url=args.base_url,
            sessions_dir=args.sessions_dir,
        )
    except ConfigError as error:
        raise CliError(str(error)) from None
    try:
        questions = bank()
        question = questions.get(args.question) if args.question else questions.default
    except UnknownQuestionError as error:
        raise CliError(str(error)) from None
    except QuestionBankError as error:
        raise CliError(f"the question bank is broken: {error}") from None
    try:
        backend = make_backend(settings)
    except BackendError as error:
        raise CliError(str(error)) from None

    from interviewer.cli.sessions import warn_if_unsafe
    from interviewer.driver import Driver, DriverError

    store = warn_if_unsafe(SessionStore(settings.effective_sessions_dir))
    try:
        driver = Driver.start(
            question,
            backend,
            store=store,
            max_probes=settings.max_probes,
            session_id=args.session_id,
            owns_backend=True,
        )
    except ValueError:
        asyncio.run(backend.aclose())
        raise CliError(f"invalid --session-id {args.session_id!r}") from None
    except (JournalError, OSError) as error:
        asyncio.run(backend.aclose())
        raise CliError(f"cannot save the session: {error}", exit_code=1) from None
    try:
        used = asyncio.run(_drive(driver, answers, quiet=args.quiet_scores))
    except DriverError as error:
        raise CliError(
            f"{error} (session saved as far as it got: {driver.session.id})", exit_code=1
        ) from None
    _report(driver.session, used, len(answers))
    return 0


def _clean(text: str) -> str:
    from interviewer.backends.sanitize import clean_text

    return clean_text(text)


class Transcript:
    """The transcript on stdout, as a :class:`interviewer.driver.Renderer`: each interviewer
    turn after its move header, each answer with its score line; notices on stderr (a
    notice that arrives mid-turn waits for the end of the turn, so it does not break into
    its line)."""

    def __init__(self, session: Session, *, quiet: bool, out: TextIO, err: TextIO) -> None:
        self.session = session
        self.quiet = quiet
        self.out = out
        self.err = err
        self._move: Move | None = None
        self._started = False
        self._held: list[str] = []
        self._passed: dict[int, frozenset[str]] = {}  # per story: the rules it passed so far

    def _note(self, message: str) -> None:
        self.out.flush()
        print(f"interviewer: note: {_clean(message)}", file=self.err)

    def interviewer_starts(self, move: Move) -> None:
        self._move = move

    def interviewer_chunk(self, text: str) -> None:
        if not self._started:
            if self._move is not None:
                stories = len(self.session.question.competencies)
                self.out.write(move_header(self._move, stories, self.session.max_probes))
                self.out.write("\n")
            self.out.write("Interviewer: ")
            self._started = True
        self.out.write(_clean(text))
        self.out.flush()

    def interviewer_turn(self, turn: Turn) -> None:
        self.out.write("\n\n")
        self._started = False
        self._move = None
        self.flush_notices()

    def candidate_scored(self, turn: Turn, story: StoryScore) -> None:
        self.out.write(f"Candidate: {_clean(turn.text)}\n")
        if not self.quiet:
            self.out.write(_score_line(story, self._passed.get(turn.story)) + "\n")
        self._passed[turn.story] = story.combined.passed
        self.out.write("\n")

    def notice(self, message: str) -> None:
        if self._started:
            self._held.append(message)
        else:
            self._note(message)

    def interview_over(self, session: Session) -> None:
        pass

    def flush_notices(self) -> None:
        for message in self._held:
            self._note(message)
        self._held.clear()
        self.out.flush()


async def _drive(driver: Driver, answers: list[str], *, quiet: bool) -> int:
    """Run the interview; returns how many answers were used."""
    transcript = Transcript(driver.session, quiet=quiet, out=sys.stdout, err=sys.stderr)
    used = 0
    async with driver:
        try:
            await driver.open(transcript)
            for answer in answers:
                if driver.finished:
                    break
                used += 1
                await driver.answer(answer, transcript)
        finally:
            transcript.flush_notices()
    interview = driver.interview
    session = driver.session
    if interview.repairs:
        # The model's replies: not the turns the offline interviewer worded after a failure.
        replies = sum(
            1
            for t in session.turns
            if t.role == "interviewer" and t.spoken_by not in (None, "offline")
        )
        print(
            f"interviewer: note: of {replies} model replies, "
            f"{interview.outcomes['unchanged']} were shown as written, "
            f"{interview.outcomes['repaired']} repaired (sentences held back or the plain "
            f"question added) and {interview.outcomes['replaced']} replaced by the offline "
            "interviewer's wording",
            file=sys.stderr,
        )
    return used


REDIRECT_HEADERS = {
    "clarify": "clarify",
    "refocus": "back to the question",
    "offer_move_on": "offer to move on",
    "which_story": "which story?",
    "story_reused": "story already told",
}


def move_header(move: Move, stories: int, max_probes: int) -> str:
    """What the interviewer's next turn is for, in plain words, e.g.
    ``[story 2/3 · Bias for Action · follow-up 1/2 on: learning, tradeoff]``; every move
    kind has its form (docs/engine.md lists them)."""
    if isinstance(move, WrapUp):
        return "[wrap-up]"
    where = f"[story {move.story + 1}/{stories} · {move.competency.name} · "
    what: str
    if isinstance(move, Ask):
        what = "the question" if move.story == 0 else "new story"
        if move.skipped_previous:
            what += ", previous skipped"
    elif isinstance(move, Probe):
        what = f"follow-up {move.number}/{max_probes} on: {', '.join(move.gaps)}"
        if move.taken_as_said:
            what += f" · taken as said: {', '.join(move.taken_as_said)}"
        if move.cut_in:
            what += " · cut in: long answer"
    elif isinstance(move, Deepen):
        angle = move.angle.replace("_", " ")
        what = f"follow-up {move.number}/{max_probes} going deeper: {angle}"
        if move.taken_as_said:
            what += f" · taken as said: {', '.join(move.taken_as_said)}"
        if move.cut_in:
            what += " · cut in: long answer"
    elif isinstance(move, ChallengeFit):
        what = f"follow-up {move.number}/{max_probes} on: principle fit (sounds like {move.shows})"
    else:
        what = REDIRECT_HEADERS[move.why]
        if move.why == "clarify" and move.about:
            what += f": {move.about}"
        elif move.why == "story_reused" and move.reused is not None:
            what += f" for {move.reused.name}"
    return where + what + "]"


def _score_line(story: StoryScore, before: frozenset[str] | None) -> str:
    """Where the story stands, and what this answer added to it: the rules the story as a
    whole passes now and did not before (``before`` is None for the story's first answer);
    the same reading as the TUI's checklist."""
    parts = [f"story so far {story.combined.score}/100, rating {story.combined.rating}/5"]
    if before is not None:
        added = [r.id for r in story.combined.rules if r.passed and r.id not in before]
        parts.append(f"added: {', '.join(added) or 'nothing new'}")
    parts.append(f"missing: {', '.join(story.missing) or 'nothing'}")
    return "  [" + "; ".join(parts) + "]"


def _report(session: Session, used: int, total: int) -> None:
    stories = len(session.question.competencies)
    told = len({t.story for t in session.turns if t.role == "candidate"})
    if session.finished:
        print(f"Interview finished. Session saved: {session.id}")
        if used < total:
            print(
                f"interviewer: note: {total - used} answer(s) were not used "
                "(the interview ended first)",
                file=sys.stderr,
            )
    else:
        print(
            f"The answers ran out before the interview ended ({told} of {stories} "
            f"{'story' if stories == 1 else 'stories'} told). Session saved unfinished: "
            f"{session.id} (continue with: interviewer resume {session.id})"
        )
    print(f"See the scorecard with: interviewer scorecard {session.id}")
