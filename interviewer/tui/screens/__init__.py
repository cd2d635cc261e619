"""The room's screens: start, interview, scorecard, and the quit confirmation."""
