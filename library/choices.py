"""The fixed choices of the settings the command line also takes as options.

Kept apart from :mod:`unpinch.library.settings` so that the command line can
name them in ``--help`` without loading the settings' checks and the codec.
"""

SOUNDS: tuple[str, ...] = ("auto", "speaker", "bell", "off")
"""Where cues are played (see ``unpinch.tui.sound``)."""
VOICES: tuple[str, ...] = ("off", "announce", "coach")
"""What is spoken aloud (see ``unpinch.library.speech``)."""
NOTIFY_FORMS: tuple[str, ...] = ("auto", "osc777", "osc9", "osc99", "bell", "off")
"""How desktop notifications are written to the terminal (see ``unpinch.tui.notify``)."""
