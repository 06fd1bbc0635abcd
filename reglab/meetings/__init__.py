"""Networks and meetings: programmes, registrations with a waiting list, the look back."""
