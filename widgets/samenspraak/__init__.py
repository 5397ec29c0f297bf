"""samenspraak: workshop exercises on equal partnership in Dutch youth care.

Layers, imports pointing down only: ``messages``/``privacy`` → ``content`` → ``store`` →
``aggregate`` → ``exercises`` (one module per type) → ``catalog`` → ``app`` → ``cli``.
"""

__version__ = "0.1.0"
