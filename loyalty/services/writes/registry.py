"""Every write to a sold membership, by name: the one list the views, forms and addresses read."""

from .action import WriteAction
from .freeze import FREEZE, UNFREEZE

ACTIONS: dict[str, WriteAction] = {action.name: action for action in (FREEZE, UNFREEZE)}
