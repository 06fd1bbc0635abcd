"""The final report stage: services (save, submit, the office approves or returns),
validation, views, API and URLs.
"""
