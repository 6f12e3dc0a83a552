"""The constants of src/NeuronDsl/Engine/VectorExp.fs, computed with 200-bit mpmath (python3-mpmath):
the tables hi_j (as bits less j << 48) and tail_j = (2^(j/16) - hi_j)/hi_j for j = 0..15, 16/ln2, and ln2/16 split
into a 36-bit head (exact times any |16k + j| < 2^17) and the rounded rest."""
import math
import struct

import mpmath

mpmath.mp.prec = 200
N = 16


def bits(d):
    return struct.unpack("<Q", struct.pack("<d", d))[0]


for j in range(N):
    t = mpmath.power(2, mpmath.mpf(j) / N)
    hi = float(t)
    tail = float((t - hi) / hi)
    print("j=%2d hi 0x%016XUL tail 0x%016XUL" % (j, (bits(hi) - (j << 48)) % 2**64, bits(tail)))

ln2 = mpmath.log(2)
mantissa, exponent = math.frexp(float(ln2 / N))
head = math.ldexp(math.floor(mantissa * 2**36) / 2**36, exponent)
print("16/ln2", repr(float(N / ln2)))
print("ln2/16 head", head.hex(), repr(head), "rest", float(ln2 / N - mpmath.mpf(head)).hex(), repr(float(ln2 / N - mpmath.mpf(head))))
