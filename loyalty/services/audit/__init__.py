"""The audit log: every lookup, chain view and write recorded without keeping phone numbers
(record.py), read back by managers (log.py), in plain words (words.py)."""

from .record import StaffMember, mask_phone, outcome_of, phone_hash, record

__all__ = ["StaffMember", "mask_phone", "outcome_of", "phone_hash", "record"]
