"""Errors the command reports as one line and a non-zero exit code."""


class UsageError(Exception):
    """The command line asks for something that cannot work."""
