"""The composition roots of the desktop installation, above every layer.

``songmay.cli`` is the ``songmay`` command (also ``python -m songmay``) and ``songmay.gui`` opens
the desktop app. Nothing in ``app``, ``sync``, ``ui`` or ``server`` imports this package
(import-linter's contracts in pyproject.toml hold it so).
"""
