"""Closing a provrum: dissemination, close and the survey (services, views, API, URLs)."""
