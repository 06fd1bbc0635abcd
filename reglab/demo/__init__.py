"""The demo data for ``manage.py seed_demo``; never imported by the running platform.

A small builder per app (``provrum``, ``meetings``, ``live``, ``surveys``, and the
accounts in the command itself) that takes its content from the TOML files in
``data/`` (``load``) and writes it through each app's services, as the office
and the demo representatives would. Nothing else in reglab/ imports this app.
"""
