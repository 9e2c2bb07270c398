"""Ideation: the ideas board and the creative brief."""
