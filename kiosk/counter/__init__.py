"""The counter (``kiosk counter``): the clerk-assisted 書かない窓口 on the kiosk's own Journey. Qt-free."""

from kiosk.counter.controller import CardStage, CounterController, CounterState, CounterView, ReceivedSheet
from kiosk.counter.ledger import DatabaseLedger, MemoryLedger, ResumeLedger

__all__ = ["CardStage", "CounterController", "CounterState", "CounterView", "DatabaseLedger", "MemoryLedger",
           "ReceivedSheet", "ResumeLedger"]
