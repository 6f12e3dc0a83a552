namespace NeuronDsl.Tests

/// Hand-written model files: the examples of docs/model-language.md, and seeds for the fuzz tests.
module ModelTextSamples =
    /// Leaky integrate-and-fire, Gerstner et al. (2014), ch. 1.
    let leakyIntegrateAndFire =
        """# Leaky integrate-and-fire: C dV/dt = -(V - E_L)/R + I
model "leaky integrate-and-fire"
description "A capacitor charged by the input and discharged through a leak"
citation "Gerstner et al., Neuronal Dynamics (2014), ch. 1"

parameter C = 200 pF > 0 "membrane capacitance"
parameter R = 0.1 Gohm > 0 "membrane resistance"
parameter E_L = -70 mV "resting potential"
parameter V_th = -50 mV "threshold"
parameter V_reset = -65 mV "reset potential"
parameter t_ref = 2 ms >= 0 "absolute refractory period"

input I : pA "injected current"
state V : mV = E_L in [-200, 100] "membrane potential"
define I_L = (V - E_L) / R : pA "leak current"

dV/dt = (I - I_L) / C  unless refractory
threshold V > V_th
reset V = V_reset
refractory t_ref
"""

    /// Hodgkin–Huxley (1952), modern convention (rest near −65 mV).
    let hodgkinHuxley =
        """model "Hodgkin-Huxley"
description "Squid giant axon membrane per unit area, rest near -65 mV"
citation "Hodgkin & Huxley, J. Physiol. 117 (1952) 500-544"

parameter C = 1 uF/cm^2 > 0 "membrane capacitance"
parameter g_Na = 120 mS/cm^2 >= 0 "maximal sodium conductance"
parameter g_K = 36 mS/cm^2 >= 0 "maximal potassium conductance"
parameter g_L = 0.3 mS/cm^2 >= 0 "leak conductance"
parameter E_Na = 50 mV "sodium reversal potential"
parameter E_K = -77 mV "potassium reversal potential"
parameter E_L = -54.387 mV "leak reversal potential"
parameter V_detect = 0 mV "a spike is counted when V crosses this upward"

input I : uA/cm2 "injected current density"
state V : mV = -65 mV in [-200, 200] "membrane potential"
state m : 1 = 0.05 in [0, 1] "sodium activation"
state h : 1 = 0.6 in [0, 1] "sodium inactivation"
state n : 1 = 0.32 in [0, 1] "potassium activation"

define alpha_m = 1 / exprel(-(V + 40 mV) / (10 mV)) / ms : 1/ms
define beta_m = 4 * exp(-(V + 65 mV) / (18 mV)) / ms : 1/ms
define alpha_h = 0.07 * exp(-(V + 65 mV) / (20 mV)) / ms : 1/ms
define beta_h = 1 / (1 + exp(-(V + 35 mV) / (10 mV))) / ms : 1/ms
define alpha_n = 0.1 / exprel(-(V + 55 mV) / (10 mV)) / ms : 1/ms
define beta_n = 0.125 * exp(-(V + 65 mV) / (80 mV)) / ms : 1/ms
define I_ion = g_Na * m**3 * h * (V - E_Na) + g_K * n**4 * (V - E_K) + g_L * (V - E_L) : uA/cm^2

dV/dt = (I - I_ion) / C
dm/dt = alpha_m * (1 - m) - beta_m * m
dh/dt = alpha_h * (1 - h) - beta_h * h
dn/dt = alpha_n * (1 - n) - beta_n * n
threshold V > V_detect
start rest
"""

    /// Izhikevich (2003) regular spiking, written compactly: ';' separators, a two-statement reset.
    let izhikevich =
        """model "Izhikevich"; citation "Izhikevich, IEEE Trans. Neural Netw. 14 (2003) 1569"
parameter a = 0.02/ms; parameter b = 0.2/ms; parameter c = -65 mV; parameter d = 8 mV/ms
input I : mV/ms
state v : mV = c
state u : mV/ms = b * c   # recovery variable
dv/dt = 0.04/ms/mV * v**2 + 5/ms * v + 140 mV/ms - u + I
du/dt = a * (b * v - u)
threshold v >= 30 mV
reset v = c; u += d
"""

    /// Every sample.
    let all = [ leakyIntegrateAndFire; hodgkinHuxley; izhikevich ]
