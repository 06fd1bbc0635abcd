"""One workflow for a document a group writes and the office decides.

Today the project plan (``plans``) and the final report (``reports``) are its
two kinds; each is a ``ReviewKind``. The document, its versions and its comments
share their abstract models (``reviewed.models``); saving with the optimistic
lock, submitting, the office's approval and return, comments and the version
diff are written once (``reviewed.services``), and read once
(``reviewed.selectors``). The pages' save, submit, decision, comment and version
choice are written once too (``reviewed.views``, with the shared parts of the
pages in templates/provrum/reviewed/), and so are the API's routes
(``reviewed.api.register``). What differs by kind – who may write, which
provrum state it needs, what it checks, what it sets in motion, its editor and
its wording – stays with the kind (``plans``, ``plan_views``, ``api``;
``reports``, ``report_views``, ``report_api``).
"""
