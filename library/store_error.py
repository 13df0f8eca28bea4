"""The error every reader of the data file may catch, in a module of its own.

Screens that only catch it (the home screen, the app's start) need not import
the store and TinyDB to do so; :mod:`unpinch.library.storage` and
:mod:`unpinch.library.store` give the same class.
"""

from __future__ import annotations


class StoreError(Exception):
    """The data file could not be read or saved; the message is one line for the user."""
