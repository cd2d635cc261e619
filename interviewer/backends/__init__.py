"""Interviewers that word the planner's moves. Import concrete backends from their modules;
this package must not import the SDK so that the domain can depend on ``backends.base``."""
