"""Surveys across member organisations: one answer per organisation.

The office (or a network's coordinator, for the network's organisations) asks
a set of organisations; each organisation has one answer, a kind of the shared
review workflow (``reglab.provrum.reviewed``): saved in versions with the
optimistic lock, continued by colleagues, submitted, editable until closing.
"""
