"""Wang-Buzsaki (1996) reference spike times by scipy's solve_ivp (see ivp_reference.py for the method).

The same equations as src/NeuronDsl/Models/WangBuzsaki.fs with its defaults, written independently from the paper.

    /usr/bin/python3 bench/reference/wang_buzsaki_reference.py
"""
import math
import os

import numpy as np

from ivp_reference import write

C, G_NA, E_NA, G_K, E_K, G_L, E_L, PHI = 1.0, 35.0, 55.0, 9.0, -90.0, 0.1, -65.0, 5.0


def rhs(t, y, current):
    v, h, n = y
    am = 0.1 * (v + 35.0) / (1.0 - math.exp(-(v + 35.0) / 10.0)) if v != -35.0 else 1.0
    bm = 4.0 * math.exp(-(v + 60.0) / 18.0)
    m = am / (am + bm)
    ah = 0.07 * math.exp(-(v + 58.0) / 20.0)
    bh = 1.0 / (1.0 + math.exp(-0.1 * (v + 28.0)))
    an = 0.01 * (v + 34.0) / (1.0 - math.exp(-0.1 * (v + 34.0))) if v != -34.0 else 0.1
    bn = 0.125 * math.exp(-(v + 44.0) / 80.0)
    i_ion = G_NA * m**3 * h * (v - E_NA) + G_K * n**4 * (v - E_K) + G_L * (v - E_L)
    return np.array([(current - i_ion) / C, PHI * (ah * (1.0 - h) - bh * h), PHI * (an * (1.0 - n) - bn * n)])


if __name__ == "__main__":
    write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "wang_buzsaki_spikes.csv"), "wang_buzsaki",
          "Wang & Buzsaki, J. Neurosci. 16 (1996) 6402, defaults; V crossing 0 mV upward",
          rhs, [-64.0, 0.78, 0.09], [0.5, 1.0, 5.0], 300.0, 0, 0.0, "uA_cm2")
