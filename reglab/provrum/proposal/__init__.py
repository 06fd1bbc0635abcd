"""The proposal stage: create, edit, publish, delete a draft, withdraw; interest and
the leader; the discussion; the office's decision (go-ahead, decline, lapse) and its
queue (services, decisions, views, discussion, api, urls).
"""
