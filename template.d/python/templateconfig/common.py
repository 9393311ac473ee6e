"""Helpers Oracle-style modules use: run a command, find a path under the root."""
from __future__ import print_function

import os
import subprocess
import sys


class CommandError(RuntimeError):
    """A command failed; carries its argv, exit status and output."""

    def __init__(self, argv, returncode, output, errors):
        RuntimeError.__init__(
            self, 'command %s exited with status %s: %s'
            % (argv[0], returncode, (errors or output or '').strip()[:200]))
        self.argv = argv
        self.returncode = returncode
        self.output = output
        self.errors = errors


def _text(data):
    if isinstance(data, bytes):
        return data.decode('utf-8', 'replace')
    return data


def run_cmd(cmd, success_return_code=(0,), input=None, env=None):
    """Run ``cmd`` (a list: never through a shell) and return its standard output.

    ``input`` (text) is fed on stdin: the way to pass a secret, since a command
    line can be read by every user. Raises CommandError when the exit status is
    not in ``success_return_code``, OSError when the program does not exist.
    """
    if isinstance(cmd, (str, bytes)):
        raise TypeError('run_cmd needs a list of arguments, not a string: no shell is used')
    argv = [str(a) for a in cmd]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, close_fds=True)
    data = input
    if data is not None and not isinstance(data, bytes):
        data = data.encode('utf-8')
    out, err = proc.communicate(data)
    out, err = _text(out), _text(err)
    if err:
        sys.stderr.write(err)
    if proc.returncode not in success_return_code:
        raise CommandError(argv, proc.returncode, out, err)
    return out


def template_root():
    """The root directory being configured: $OVM_TEMPLATE_ROOT, or / on the running system."""
    return os.path.abspath(os.environ.get('OVM_TEMPLATE_ROOT') or '/')


def root_path(path):
    """``path`` (absolute, as on the configured system) under the root; refuses to escape it."""
    root = template_root()
    joined = os.path.normpath(os.path.join(root, path.lstrip('/')))
    if joined != root and not joined.startswith(root.rstrip('/') + '/'):
        raise ValueError('%s is outside the root %s' % (path, root))
    return joined


def is_live():
    """True when the running system itself is being configured (live changes allowed)."""
    return template_root() == '/'
