"""Writes to a sold membership: every action an entry in one spec, the protocol written once.

By the direction of dependence: what an action is (action.py: the plan, the verdict, the spec)
at the bottom; each action's rules, POST and words (freeze.py), the one-time keys (keys.py), the
audit rows (audit.py), the words after an answer (words.py) and what a write reads first
(reading.py) above it; the list of actions (registry.py) and the protocol (protocol.py) on top.
"""
