"""Connor-Stevens reference spike times by scipy's solve_ivp (see ivp_reference.py for the method).

The same equations as src/NeuronDsl/Models/ConnorStevens.fs with its defaults (Dayan & Abbott 2001, ch. 6.2, per
cm^2), written independently from the book.

    /usr/bin/python3 bench/reference/connor_stevens_reference.py
"""
import math
import os

import numpy as np

from ivp_reference import write

C, G_L, G_NA, G_K, G_A = 1.0, 0.3, 120.0, 20.0, 47.7
E_L, E_NA, E_K, E_A = -17.0, 55.0, -72.0, -75.0


def rhs(t, y, current):
    v, m, h, n, a, b = y
    am = 0.38 * (v + 29.7) / (1.0 - math.exp(-0.1 * (v + 29.7)))
    bm = 15.2 * math.exp(-0.0556 * (v + 54.7))
    ah = 0.266 * math.exp(-0.05 * (v + 48.0))
    bh = 3.8 / (1.0 + math.exp(-0.1 * (v + 18.0)))
    an = 0.02 * (v + 45.7) / (1.0 - math.exp(-0.1 * (v + 45.7)))
    bn = 0.25 * math.exp(-0.0125 * (v + 55.7))
    a_inf = (0.0761 * math.exp(0.0314 * (v + 94.22)) / (1.0 + math.exp(0.0346 * (v + 1.17)))) ** (1.0 / 3.0)
    tau_a = 0.3632 + 1.158 / (1.0 + math.exp(0.0497 * (v + 55.96)))
    b_inf = (1.0 / (1.0 + math.exp(0.0688 * (v + 53.3)))) ** 4
    tau_b = 1.24 + 2.678 / (1.0 + math.exp(0.0624 * (v + 50.0)))
    i_ion = (G_L * (v - E_L) + G_NA * m**3 * h * (v - E_NA) + G_K * n**4 * (v - E_K)
             + G_A * a**3 * b * (v - E_A))
    return np.array([(current - i_ion) / C, am * (1.0 - m) - bm * m, ah * (1.0 - h) - bh * h,
                     an * (1.0 - n) - bn * n, (a_inf - a) / tau_a, (b_inf - b) / tau_b])


if __name__ == "__main__":
    import sys
    currents = [float(x) for x in sys.argv[1:]] or [9.0, 20.0]
    write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "connor_stevens_spikes.csv"), "connor_stevens",
          "Dayan & Abbott (2001) ch. 6.2 Connor-Stevens with A-current, defaults per cm^2; V crossing 0 mV upward",
          rhs, [-68.0, 0.01, 0.97, 0.16, 0.54, 0.29], currents, 300.0, 0, 0.0, "uA_cm2")
