"""unpinch's headless domain: the exercise library, plans, the player and the store.

This package never imports textual, so it can be tested, benchmarked and reused
without a terminal.
"""

__version__ = "0.1.0"
