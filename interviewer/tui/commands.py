"""The command palette (Ctrl+P): the main actions of whatever screen is showing."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class RoomCommands(Provider):
    """Offers ``(name, help, action)`` triples from the app's ``palette_actions()``."""

    def _actions(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        actions: list[tuple[str, str, Callable[[], object]]] = []
        for name, help_text, action in app.palette_actions(self.screen):  # type: ignore[attr-defined]
            actions.append((name, help_text, partial(app.run_action, action, self.screen)))
        return actions

    async def discover(self) -> Hits:
        for name, help_text, callback in self._actions():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
