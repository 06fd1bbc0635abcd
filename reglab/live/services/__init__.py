"""Every write of the live dialog: public, keyword-only, atomic functions.

``room`` gives a meeting its join code, ``question`` prepares, opens and closes
questions, ``answer`` lets participants join and answer, and the host hide an
answer. Views, the API, the demo builder and the tests all call these; each
change is announced to the screens after the commit (``reglab.live.events``).
"""
