"""Front desk: everything a client can use, found by phone, at the desk's location or across the
chain; the client card behind the phone, the group-event check and the event picker.

Every lookup is counted against the person's quota and audited (log.py).
"""
