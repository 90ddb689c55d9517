"""Library errors. The CLI turns them into one-line messages; nothing else should."""


class NewscleanError(Exception):
    """Base class of every error newsclean raises on purpose."""


class InputError(NewscleanError):
    """An input cannot be read as a page (missing, a directory, binary…)."""


class ConfigError(NewscleanError):
    """Options or configuration that cannot work together."""
