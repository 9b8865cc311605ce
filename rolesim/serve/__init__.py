"""`rolesim serve`: a classroom in the browser (textual-serve, one app process per tab)."""
