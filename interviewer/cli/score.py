"""`interviewer score`: grade one answer, or many as JSON lines, with the STAR-L scorer.

    interviewer score [FILE|-] [--competency NAME] [--format text|json]
    interviewer score --jsonl FILE

The text report prints the candidate's words literally (no markup is interpreted).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from interviewer.cli.errors import CliError
from interviewer.cli.inputs import STDIN, decode, display_name, open_error, read_text
from interviewer.cli.parsing import Subparsers

if TYPE_CHECKING:
    from interviewer.models import TurnScore


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "score",
        help="grade an answer with the STAR-L scorer",
        description=(
            "Grade a behavioral-interview answer with the deterministic STAR-L scorer: which "
            "rules pass, the quoted evidence, and what to add. FILE '-' or omitted reads stdin."
        ),
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FILE", help="answer text file")
    parser.add_argument(
        "--competency",
        metavar="NAME",
        help=(
            "competency the answer should show: an id or its name in any case, e.g. "
            'ownership, bias_for_action, "Bias for Action"'
        ),
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--jsonl",
        metavar="FILE",
        help=(
            'grade many answers: each line {"id", "text", "competency"?}; prints one line '
            '{"id", "score", "rating", "rules"} per answer, in input order'
        ),
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    if args.jsonl is not None:
        if args.file != "-" or args.competency is not None or args.format != "text":
            raise CliError("--jsonl takes no FILE, --competency or --format (put them per line)")
        return _batch(args.jsonl, sys.stdout)
    return _single(args.file, args.competency, args.format, sys.stdout)


# --------------------------------------------------------------------------- input


# --------------------------------------------------------------------------- one answer


def _resolved(name: str) -> str:
    """The competency id ``name`` spells (a display name, any case), or ``name`` itself."""
    from interviewer.scoring import UnknownCompetencyError
    from interviewer.scoring.competencies import resolve

    try:
        return resolve(name)
    except UnknownCompetencyError:
        return name


def _single(path: str, competency: str | None, fmt: str, out: IO[str]) -> int:
    from interviewer.scoring import UnknownCompetencyError, score_turn

    text = read_text(path)
    if not text.strip():
        raise CliError(f"{display_name(path)}: the answer is empty")
    try:
        result = score_turn(text, competency)
    except UnknownCompetencyError as error:
        raise CliError(str(error)) from None
    if fmt == "json":
        out.write(result.model_dump_json(indent=2) + "\n")
    else:
        out.write(render(result))
    return 0


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines() or [""])


def render(result: TurnScore) -> str:
    """A plain-text report: what passed (with the quoted evidence), then what to add.

    Quotes and messages carry the candidate's text, so the report is passed through
    ``visible``: an escape sequence in an answer is shown, never executed by the terminal.
    """
    from interviewer.export.common import visible
    from interviewer.scoring import WORDS_PER_MINUTE

    lines = [
        f"Score {result.score}/100, rating {result.rating}/5"
        + (f", competency {result.competency}" if result.competency else ""),
        f"{result.word_count} words, about {round(result.speaking_seconds)} s spoken "
        f"at {WORDS_PER_MINUTE} words per minute",
        "",
    ]
    passed = [r for r in result.rules if r.passed]
    missing = [r for r in result.rules if not r.passed]
    if passed:
        lines.append("Passed:")
        for rule in passed:
            lines.append(f"  [x] {rule.id} - {rule.message}")
            for span in rule.evidence:
                quote = " ".join(span.text.split())
                role = f" ({span.role.replace('_', ' ')})" if span.role else ""
                lines.append(_indent(f'"{quote}"{role}', "        "))
        lines.append("")
    if missing:
        lines.append("To add (most valuable first):")
        for rule_id in result.failed:
            rule = result.rule(rule_id)
            lines.append(f"  [ ] {rule.id} - {rule.message}")
            lines.append(f"        Ask yourself: {rule.probe}")
        lines.append("")
    return visible("\n".join(lines))


# --------------------------------------------------------------------------- batch


def _lines(path: str) -> Iterator[bytes]:
    if path == STDIN:
        yield from sys.stdin.buffer
        return
    try:
        with Path(path).open("rb") as lines:
            yield from lines
    except OSError as error:
        raise open_error(path, error) from None


def _parse(raw: bytes, number: int) -> dict[str, Any]:
    where = f"line {number}"
    text = decode(raw, where)
    try:
        item = json.loads(text)
    except json.JSONDecodeError as error:
        raise CliError(f"{where}: invalid JSON ({error.msg})") from None
    if not isinstance(item, dict):
        raise CliError(f"{where}: expected a JSON object with 'id' and 'text'")
    if "id" not in item:
        raise CliError(f"{where}: missing 'id'")
    if not isinstance(item.get("text"), str):
        raise CliError(f"{where}: 'text' must be a string")
    if not item["text"].strip():
        raise CliError(f"{where}: the answer is empty")
    competency = item.get("competency")
    if competency is not None and not isinstance(competency, str):
        raise CliError(f"{where}: 'competency' must be a string")
    return item


def _batch(path: str, out: IO[str]) -> int:
    from interviewer.scoring import UnknownCompetencyError, grade_turn, known_competencies

    known = frozenset(known_competencies())
    grade_turn("")  # load and compile the lexicon and the fit model now...
    gc.freeze()  # ...and keep the collector from walking them again for every answer
    write = out.write
    failed = 0
    for number, raw in enumerate(_lines(path), start=1):
        if not raw.strip():
            continue
        try:
            item = _parse(raw, number)
        except CliError as error:
            failed += 1
            print(f"interviewer: error: {error}", file=sys.stderr)
            continue
        competency = item.get("competency")
        if competency is not None and competency not in known:
            competency = _resolved(competency)
        if competency is not None and competency not in known:
            print(
                f"interviewer: warning: line {number}: unknown competency {competency!r}; "
                "scored without competency fit",
                file=sys.stderr,
            )
            competency = None
        try:
            grade = grade_turn(item["text"], competency)
        except UnknownCompetencyError:  # pragma: no cover - guarded above
            grade = grade_turn(item["text"])
        record = {
            "id": item["id"],
            "score": grade.score,
            "rating": grade.rating,
            "rules": grade.rules,
        }
        write(json.dumps(record) + "\n")
    if failed:
        print(f"interviewer: {failed} line(s) could not be scored", file=sys.stderr)
        return 1
    return 0
