"""The project plan stage: services (save with the optimistic lock, submit, approve,
return), validation and views.
"""
