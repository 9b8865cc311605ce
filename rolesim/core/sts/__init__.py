"""STS: sign-in, role sessions, federation, instance profiles, chaining, tags and expiry."""
