"""Running a provrum: status updates, meetings and documents (services, forms, views, API,
URLs).
"""
