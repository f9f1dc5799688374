"""Shared pytest fixtures for the speech area."""
