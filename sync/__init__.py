"""Sync: the wire format, and (later) its HTTP and USB transports, over app.changes."""
