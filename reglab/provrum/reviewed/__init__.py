"""One workflow for a document a group writes and the office decides.

Today the project plan (``plans``) and the final report (``reports``) are its
two kinds; each is a ``ReviewKind``. The document, its versions and its comments
share their abstract models (``reviewed.models``); saving with the optimistic
lock, submitting, the office's approval and return, comments and the version
diff are written once (``reviewed.services``), and read once
(``reviewed.selectors``). What differs by kind – who may write, which provrum
state it needs, what it checks and what it sets in motion – stays with the kind.
"""
