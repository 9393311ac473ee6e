"""The module side of the protocol: ``main(do_enumerate, {target: handler})``.

Call forms (shared spec template-config.md, "Module protocol"):

* ``<script> <target> -e`` / ``--enumerate``: print ``do_enumerate(target)``,
  a JSON array of parameter descriptors;
* ``<script> <target>``: read the parameter set (a JSON object) on stdin, pass it
  as a JSON string to ``handler``, print the JSON string the handler returns.

Handlers receive and return JSON strings, as Oracle's own modules do. A handler
that returns a dict (or None, meaning "unchanged") is accepted too.
"""
from __future__ import print_function

import json
import sys

USAGE = 'usage: %s <target> [-e|--enumerate]'


class ModuleError(Exception):
    """Raise from a handler to refuse: the message is printed and the exit status is 2."""


def _fail(message, status=1):
    sys.stderr.write('error: %s\n' % message)
    return status


def _as_json_text(value):
    """Accept a JSON string (Oracle's convention), a list/dict, or None."""
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return value


def _enumerate(do_enumerate, target):
    out = _as_json_text(do_enumerate(target))
    sys.stdout.write((out if out is not None else '[]') + '\n')
    return 0


def _run(handler, raw):
    out = _as_json_text(handler(raw))
    sys.stdout.write((out if out is not None else raw) + '\n')
    return 0


def _parse(argv):
    args = list(argv)
    flags = set(a for a in args if a.startswith('-'))
    targets = [a for a in args if not a.startswith('-')]
    return (targets[0] if len(targets) == 1 else None), flags


def dispatch(do_enumerate, targets, argv):
    """Run one protocol call and return the exit status (main() exits with it)."""
    target, flags = _parse(argv)
    if target is None or not flags <= set(['-e', '--enumerate']):
        return _fail(USAGE % (sys.argv[0] if sys.argv else 'module'), 2)
    if flags:
        return _enumerate(do_enumerate, target)
    handler = targets.get(target)
    if handler is None:
        return _fail('this module has no %r target (it has: %s)'
                     % (target, ', '.join(sorted(targets)) or 'none'))
    raw = sys.stdin.read()
    if not raw.strip():
        raw = '{}'
    try:
        json.loads(raw)
    except ValueError:
        return _fail('the parameter set on stdin is not JSON')
    return _run(handler, raw)


def main(do_enumerate, targets, argv=None):
    """Entry point of a module script; never returns."""
    if argv is None:
        argv = sys.argv[1:]
    try:
        status = dispatch(do_enumerate, targets, argv)
    except ModuleError as error:
        status = _fail(str(error), 2)
    except Exception as error:  # a module bug: say what and fail, never hang
        status = _fail('%s: %s' % (type(error).__name__, error))
    sys.stdout.flush()
    sys.exit(status)
