"""Shared pytest fixtures for the analysis area."""
