"""Every write on networks and meetings: public, keyword-only, atomic functions.

``meeting`` creates meetings and their programmes, ``registration`` registers,
confirms, cancels and moves the waiting list up, ``network`` lets people join
and leave. Views, the API, the demo builder and the tests all call these.
"""
