#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""List the external commands that the harness's scripts call, and
compare them with tests/commands, the one list of what the harness needs
and which scripts/lib/deps.sh group installs it.

  tests/commands.py            compare; exit 1 naming each difference
  tests/commands.py --found    print every command word found, one a line

A command word is the first word of a simple command (after variable
assignments and the wrappers env, exec, command, time, nice, timeout,
xargs, setsid, flock), found outside quotes, comments and here-documents,
including inside $(...) and `...`.  Shell builtins and keywords, and the
functions the scripts define, are not external commands.  In the Python
scripts, a command is the first element of a literal list given to
subprocess (subprocess.run(['gnuplot', ...]))."""
import glob
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILTINS = set('''
. : [ [[ ]] alias bg bind break builtin caller case cd command compgen
complete continue declare dirs disown do done echo elif else enable esac
eval exec exit export false fc fg fi for function getopts hash help history
if in jobs kill let local logout mapfile popd printf pushd pwd read
readarray readonly return select set shift shopt source suspend test then
time times trap true type typeset ulimit umask unalias unset until wait
while { } !
'''.split())
# Wrappers: the word after them (and their options) is a command too.
WRAPPERS = {'env', 'exec', 'command', 'time', 'nice', 'timeout', 'xargs',
            'setsid', 'flock', 'builtin', 'ionice'}
SEPARATORS = re.compile(r'\|\||&&|[;|&(){}\n]')
KEYWORDS = {'then', 'do', 'else', 'elif', 'if', 'while', 'until', '!'}


def strip(text):
    """Return the code of TEXT with quoted strings, comments and
    here-documents blanked, and the bodies of command substitutions set
    apart as lines of their own."""
    out, subs = [], []
    i, n = 0, len(text)
    heredocs = []
    word_start = True

    def substitution(j, close):
        # Body of $(...) (close ")") or `...` (close "`") from j.
        depth, k = 0, j
        while k < n:
            c = text[k]
            if c == '\\':
                k += 2
                continue
            if close == ')' and c == '(':
                depth += 1
            elif c == close:
                if depth == 0:
                    return k
                depth -= 1
            elif c == "'" and close == ')':
                k = text.find("'", k + 1)
                if k < 0:
                    return n
            k += 1
        return n

    while i < n:
        c = text[i]
        if c == '\\':
            out.append('  ' if text[i + 1:i + 2] == '\n' else 'x')
            i += 2
            word_start = False
            continue
        if c == '#' and word_start:
            while i < n and text[i] != '\n':
                i += 1
            continue
        if c == "'":
            j = text.find("'", i + 1)
            j = n if j < 0 else j
            out.append('\0')
            i = j + 1
            word_start = False
            continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                if text[j] == '\\':
                    j += 2
                    continue
                if text.startswith('$(', j) and not text.startswith('$((', j):
                    k = substitution(j + 2, ')')
                    subs.append(text[j + 2:k])
                    j = k + 1
                    continue
                if text[j] == '`':
                    k = substitution(j + 1, '`')
                    subs.append(text[j + 1:k])
                    j = k + 1
                    continue
                j += 1
            out.append('\0')
            i = j + 1
            word_start = False
            continue
        if text.startswith('${', i):
            depth, k = 0, i + 2
            while k < n and not (text[k] == '}' and depth == 0):
                depth += {'{': 1, '}': -1}.get(text[k], 0)
                k += 1
            out.append('\0')
            i = k + 1
            word_start = False
            continue
        m = re.match(r'\w+\+?=\(', text[i:]) if word_start else None
        if m:
            # An array literal: its words are data, its $(...) code.
            k = substitution(i + m.end(), ')')
            subs.append(strip(text[i + m.end():k]).split('\n', 1)[-1]
                        if '$(' in text[i + m.end():k] else '')
            out.append('\0')
            i = k + 1
            word_start = False
            continue
        if text.startswith('$((', i):
            k = text.find('))', i)
            i = n if k < 0 else k + 2
            out.append('\0')
            continue
        if text.startswith('$(', i):
            k = substitution(i + 2, ')')
            subs.append(text[i + 2:k])
            out.append('\0')
            i = k + 1
            continue
        if c == '`':
            k = substitution(i + 1, '`')
            subs.append(text[i + 1:k])
            out.append('\0')
            i = k + 1
            continue
        m = re.match(r'<<(-?)\s*[\'"]?(\w+)[\'"]?', text[i:])
        if m and not text.startswith('<<<', i):
            heredocs.append((m.group(1) == '-', m.group(2)))
            out.append('\0')
            i += m.end()
            continue
        if c == '\n' and heredocs:
            out.append('\n')
            i += 1
            for tabs, end in heredocs:
                while i < n:
                    j = text.find('\n', i)
                    j = n if j < 0 else j
                    line = text[i:j]
                    i = j + 1
                    if (line.lstrip('\t') if tabs else line) == end:
                        break
            heredocs = []
            word_start = True
            continue
        out.append(c)
        word_start = c in ' \t\n;|&()'
        i += 1
    code = ''.join(out)
    for s in subs:
        code += '\n' + strip(s)
    return code


def commands(path):
    """The command words of the shell script PATH, and the functions it
    defines."""
    code = strip(open(path).read())
    funcs = set(re.findall(r'^\s*(?:function\s+)?([\w.-]+)\s*\(\)', code, re.M))
    found = set()
    case_depth = 0
    for line in code.split('\n'):
        # A named file descriptor ("exec {fd}>file") is a redirection,
        # not a brace group.
        line = re.sub(r'\{\w+\}(?=[<>])', '', line)
        # A case on one line ("case $x in a | b) cmd ;; esac"): its first
        # pattern follows "in".
        line = re.sub(r'\bcase\s+\S+\s+in\s+\(?[^\s()][^()]*\)(?!\))',
                      'case x in ;', line)
        # Case patterns ("a | b)") start a line, or follow ";;", inside
        # case ... esac.
        if case_depth:
            line = ';'.join(re.sub(r'^\s*\(?[^\s()][^()]*\)(?!\))', '', piece)
                            if not re.match(r'^\s*[\w.-]+\s*\(\)', piece) else piece
                            for piece in line.split(';;'))
        case_depth += len(re.findall(r'\bcase\b', line))
        case_depth -= len(re.findall(r'\besac\b', line))
        for seg in SEPARATORS.split(line):
            words = seg.split()
            k = 0
            while k < len(words):
                w = words[k]
                if re.match(r'^\w+(\[[^]]*\])?\+?=', w) or w in KEYWORDS or \
                        w.startswith('-') or re.match(r'^[\d.]+[smhd]?$', w) or \
                        w.startswith('<') or w.startswith('>') or w[0].isdigit():
                    k += 1
                    continue
                if w in WRAPPERS:
                    found.add(w)
                    k += 1
                    continue
                if w in ('case', 'for', 'select'):
                    break
                if '\0' not in w and '$' not in w and '/' not in w and \
                        re.match(r'^[a-z][\w.+-]*$', w):
                    found.add(w)
                break
    return found - BUILTINS, funcs


def scripts():
    return sorted(glob.glob(os.path.join(TOP, 'scripts', '*', '*.sh')) +
                  glob.glob(os.path.join(TOP, 'tests', '*.sh')) +
                  glob.glob(os.path.join(TOP, 'tests', 'checks', '*', '[0-9]*')) +
                  [os.path.join(TOP, '.ci', 'run')])


PY_CALL = re.compile(r"subprocess\.\w+\(\s*\[\s*'([a-z][\w.+-]*)'")


def python_scripts():
    return sorted(glob.glob(os.path.join(TOP, 'scripts', '*', '*.py')) +
                  glob.glob(os.path.join(TOP, 'tests', '*.py')))


def main():
    found, funcs, where = set(), set(), {}
    for p in scripts():
        f, d = commands(p)
        funcs |= d
        for c in f:
            where.setdefault(c, os.path.relpath(p, TOP))
        found |= f
    found -= funcs
    for p in python_scripts():
        for c in PY_CALL.findall(open(p).read()):
            where.setdefault(c, os.path.relpath(p, TOP))
            found.add(c)
    if sys.argv[1:] == ['--found']:
        print('\n'.join(sorted(found)))
        return 0
    listed, indirect = {}, set()
    for n, line in enumerate(open(os.path.join(TOP, 'tests', 'commands')), 1):
        line = line.split('#', 1)[0].split()
        if not line:
            continue
        if len(line) not in (2, 3) or (len(line) == 3 and line[2] != 'indirect'):
            print(f'tests/commands:{n}: want "COMMAND GROUP [indirect]"')
            return 1
        listed[line[0]] = line[1]
        if len(line) == 3:
            indirect.add(line[0])
    bad = 0
    for c in sorted(found - set(listed)):
        print(f'{where[c]} calls {c}, which tests/commands does not list')
        bad += 1
    for c in sorted(set(listed) - found - indirect):
        print(f'tests/commands lists {c}, which no script calls '
              '(mark it "indirect" if a tool the harness runs calls it)')
        bad += 1
    for c in sorted(indirect & found):
        print(f'tests/commands marks {c} "indirect", but {where[c]} calls it')
        bad += 1
    if bad:
        return 1
    print(f'{len(found)} commands called by {len(scripts()) + len(python_scripts())} scripts, '
          f'{len(indirect)} more called through the tools they run; all listed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
