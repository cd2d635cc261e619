"""`interviewer questions`: the question bank, so an id for `--question` is easy to find."""

from __future__ import annotations

import argparse
import json

from interviewer.cli.errors import CliError
from interviewer.cli.parsing import Subparsers


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "questions",
        help="list the questions you can practise (ids for --question)",
        description=(
            "List the question bank: id, title, company and the principle each story is "
            "about. The default question comes first."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from interviewer.questions import QuestionBankError, bank

    try:
        questions = bank()
    except QuestionBankError as error:
        raise CliError(f"the question bank is broken: {error}") from None
    if args.json:
        rows = [
            {
                "id": q.id,
                "title": q.title,
                "company": q.company,
                "default": q.id == questions.default_id,
                "competencies": [c.id for c in q.competencies],
            }
            for q in questions
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("ID", no_wrap=True)
    table.add_column("Question", overflow="fold", ratio=1)
    table.add_column("Stories", overflow="fold", ratio=1)
    for q in questions:
        title = Text(q.title)
        if q.company:
            title.append(f" ({q.company})", style="dim")
        if q.id == questions.default_id:
            title.append("  default", style="bold green")
        table.add_row(Text(q.id), title, Text(", ".join(c.name for c in q.competencies)))
    Console().print(table)
    return 0
