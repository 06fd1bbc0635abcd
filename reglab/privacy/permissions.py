"""Who may do what with personal data (django-rules, as reglab.accounts.permissions)."""

import rules

from reglab.accounts.permissions import is_office

rules.add_perm("privacy.erase_person", is_office)
rules.add_perm("privacy.view_erasure_requests", is_office)
rules.add_perm("privacy.export_own_data", rules.is_authenticated & rules.is_active)
