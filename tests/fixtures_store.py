"""Shared pytest fixtures for the store area."""
