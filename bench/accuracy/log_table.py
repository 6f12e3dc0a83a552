"""The constants of src/NeuronDsl/Engine/VectorLog.fs, computed with 200-bit mpmath (python3-mpmath): for
c_j = 1 + j/16, j = -6..9, the rounded 1/c_j, ln c_j as head and rounded rest, and the degree-8 Chebyshev fit of
P(v) = (ln(1 + v) - v + v^2/2)/v^3 on [-0.0552, 0.0552] (coefficients from the constant term up), with the largest
|v^3 (P_fit(v) - P(v))| after rounding the coefficients to doubles."""
import mpmath

mpmath.mp.prec = 200
a = mpmath.mpf("0.0552")


def p(v):
    if v == 0:
        return mpmath.mpf(1) / 3
    return (mpmath.log1p(v) - v + v * v / 2) / v**3


for j in range(-6, 10):
    c = 1 + mpmath.mpf(j) / 16
    log = mpmath.log(c)
    print("j=%2d inverse %r head %r rest %r" % (j, float(1 / c), float(log), float(log - float(log))))

poly = [float(x) for x in mpmath.chebyfit(p, [-a, a], 9)]
worst = max(abs((mpmath.polyval([mpmath.mpf(x) for x in poly], v) - p(v)) * v**3)
            for v in (-a + 2 * a * k / 2000 for k in range(2001)))
print("P from the constant term up:", [repr(x) for x in reversed(poly)])
print("largest |v^3 (P_fit - P)|: 2^%.1f" % float(mpmath.log(worst, 2)))
