"""interviewer: a terminal mock interviewer for behavioral interviews."""

__version__ = "0.1.0"
