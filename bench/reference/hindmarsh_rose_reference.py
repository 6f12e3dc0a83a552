"""Hindmarsh-Rose (1984) reference spike times by scipy's solve_ivp (see ivp_reference.py for the method).

The same equations as src/NeuronDsl/Models/HindmarshRose.fs with its defaults (time unit T = 1 ms), written
independently from the paper.

    /usr/bin/python3 bench/reference/hindmarsh_rose_reference.py
"""
import os

import numpy as np

from ivp_reference import write

A, B, C, D, R, S, X_R = 1.0, 3.0, 1.0, 5.0, 0.001, 4.0, -1.6


def rhs(t, y, current):
    x, yy, z = y
    return np.array([yy - A * x**3 + B * x**2 - z + current, C - D * x**2 - yy, R * (S * (x - X_R) - z)])


if __name__ == "__main__":
    write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "hindmarsh_rose_spikes.csv"), "hindmarsh_rose",
          "Hindmarsh & Rose, Proc. R. Soc. Lond. B 221 (1984) 87, defaults, T = 1 ms; x crossing 1 upward",
          rhs, [-1.6, -11.8, 0.0], [2.0], 1500.0, 0, 1.0, "1")
