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
from typing import Any, TextIO

from interviewer.cli.errors import CliError
from interviewer.cli.inputs import read_text
from interviewer.config import field_help

SEPARATOR = "---"


def register(subparsers: Any) -> None:
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
    from interviewer.backends.base import BackendError, session_label
    from interviewer.config import ConfigError, load_settings, make_backend
    from interviewer.questions import QuestionBankError, UnknownQuestionError, bank
    from interviewer.store import JournalError, SessionStore, new_session_id

    answers = read_answers(Path(args.answers))
    if args.max_probes is not None and args.max_probes < 0:
        raise CliError("--max-probes must be 0 or more")
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

    from interviewer.models import Session

    try:
        session = Session(
            id=args.session_id or new_session_id(),
            question=question,
            backend=session_label(backend),
            max_probes=settings.max_probes,
        )
    except ValueError:
        raise CliError(f"invalid --session-id {args.session_id!r}") from None
    store = SessionStore(settings.effective_sessions_dir)
    try:
        journal = store.create(session)
    except (JournalError, OSError) as error:
        raise CliError(f"cannot save the session: {error}", exit_code=1) from None
    try:
        used = asyncio.run(_drive(session, backend, journal, answers, quiet=args.quiet_scores))
    finally:
        journal.close()
    _report(session, used, len(answers))
    return 0


def _clean(text: str) -> str:
    from interviewer.backends.sanitize import clean_text

    return clean_text(text)


async def _drive(
    session: Any, backend: Any, journal: Any, answers: list[str], *, quiet: bool
) -> int:
    """Run the interview; returns how many answers were used."""
    from interviewer.session import (
        CandidateScored,
        Finished,
        Interview,
        InterviewerChunk,
        InterviewerTurn,
        Notice,
    )

    out: TextIO = sys.stdout
    interview = Interview(session, backend, journal=journal)
    used = 0
    passed: dict[int, frozenset[str]] = {}  # per story: the rules it passed so far

    def note(message: str) -> None:
        out.flush()
        print(f"interviewer: note: {_clean(message)}", file=sys.stderr)

    async def show(events: Any) -> None:
        started = False
        # A notice that arrives mid-turn (a reply repaired, or the API failing after its
        # first words) waits for the end of the turn, so it does not break into its line.
        held: list[str] = []
        async for event in events:
            if isinstance(event, InterviewerChunk):
                if not started:
                    move = interview.speaking
                    if move is not None:
                        out.write(move_header(move, interview.story_count, session.max_probes))
                        out.write("\n")
                    out.write("Interviewer: ")
                    started = True
                out.write(_clean(event.text))
                out.flush()
            elif isinstance(event, InterviewerTurn):
                out.write("\n\n")
                started = False
                for message in held:
                    note(message)
                held.clear()
            elif isinstance(event, CandidateScored):
                out.write(f"Candidate: {_clean(event.turn.text)}\n")
                story = event.turn.story
                if not quiet:
                    out.write(_score_line(event.story, passed.get(story)) + "\n")
                passed[story] = event.story.combined.passed
                out.write("\n")
            elif isinstance(event, Notice):
                if started:
                    held.append(event.message)
                else:
                    note(event.message)
            elif isinstance(event, Finished):
                pass
        for message in held:
            note(message)
        out.flush()

    try:
        await show(interview.open())
        for answer in answers:
            if interview.finished:
                break
            used += 1
            await show(interview.answer(answer))
    finally:
        close = getattr(backend, "aclose", None)
        if close is not None:
            await close()
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


def move_header(move: Any, stories: int, max_probes: int) -> str:
    """What the interviewer's next turn is for, in plain words, e.g.
    ``[story 2/3 · Bias for Action · follow-up 1/2 on: learning, tradeoff]``."""
    from interviewer.models import Ask, Probe

    if isinstance(move, Ask):
        what = "the question" if move.story == 0 else "new story"
        return f"[story {move.story + 1}/{stories} · {move.competency.name} · {what}]"
    if isinstance(move, Probe):
        gaps = ", ".join(move.gaps)
        return (
            f"[story {move.story + 1}/{stories} · {move.competency.name} · "
            f"follow-up {move.number}/{max_probes} on: {gaps}]"
        )
    return "[wrap-up]"


def _score_line(story: Any, before: frozenset[str] | None) -> str:
    """Where the story stands, and what this answer added to it: the rules the story as a
    whole passes now and did not before (``before`` is None for the story's first answer);
    the same reading as the TUI's checklist."""
    parts = [f"story so far {story.combined.score}/100, rating {story.combined.rating}/5"]
    if before is not None:
        added = [r.id for r in story.combined.rules if r.passed and r.id not in before]
        parts.append(f"added: {', '.join(added) or 'nothing new'}")
    parts.append(f"missing: {', '.join(story.missing) or 'nothing'}")
    return "  [" + "; ".join(parts) + "]"


def _report(session: Any, used: int, total: int) -> None:
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
