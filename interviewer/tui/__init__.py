"""The interview room: a Textual app over the UI-free engine in ``interviewer.session``.

Importing this package is cheap; Textual is imported by ``interviewer.tui.app`` and the
screens, which the CLI loads only when the room is opened.
"""
