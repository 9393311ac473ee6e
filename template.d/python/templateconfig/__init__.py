"""Compatibility package for third-party Oracle VM template modules.

Modules written for Oracle VM Guest Additions import ``templateconfig.cli.main`` and
``templateconfig.common.run_cmd``; this package provides both, speaking the module
protocol described in docs/module-protocol.md, so such modules run unchanged.
"""

__all__ = ['cli', 'common']
