"""Code shared by every Newsflow service: settings, message contracts, stream names, logging."""
