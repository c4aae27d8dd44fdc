# SPDX-License-Identifier: GPL-2.0
"""Statistics the harness's reports share (standard library only)."""
import math


def fisher(a, b, c, d):
    """Two-sided p of Fisher's exact test on [[a, b], [c, d]]."""
    n, r1, c1 = a + b + c + d, a + b, a + c

    def p(x):
        return math.comb(r1, x) * math.comb(n - r1, c1 - x) / math.comb(n, c1)
    obs = p(a)
    lo, hi = max(0, c1 - (n - r1)), min(r1, c1)
    return min(1.0, sum(p(x) for x in range(lo, hi + 1) if p(x) <= obs * (1 + 1e-9)))
