"""Library errors. The CLI turns them into one-line messages; nothing else should."""


class NewscleanError(Exception):
    """Base class of every error newsclean raises on purpose."""


class InputError(NewscleanError):
    """An input cannot be read as a page (missing, a directory, binary…)."""


class ConfigError(NewscleanError):
    """Options or configuration that cannot work together."""


class MissingExtra(NewscleanError, ImportError):
    """An optional dependency that a feature needs is not installed; the message names
    the extra that installs it (``pip install 'newsclean[parquet]'``)."""
