"""The version of this SDK; the single source for packaging and the User-Agent header."""

__version__ = "2.1.0"
