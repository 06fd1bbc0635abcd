"""The format's rules, which the office sets and every rule reads (services, views, api)."""
