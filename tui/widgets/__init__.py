"""The game screen's widgets: one widget per module, each fed from a ``Game``."""
