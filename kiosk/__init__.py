"""No-write counter kiosk (書かない窓口): the application package.

Domain modules (card protocol, catalogue and navigator, KS1 payload, storage) import no Qt;
the widgets live in ``kiosk.ui`` and talk to them.
"""

__version__ = "0.1.0"
