"""Widgets of the interview room, one job each."""
