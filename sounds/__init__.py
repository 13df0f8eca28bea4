"""The cue WAV files that ship with unpinch (see README.md in this folder)."""
