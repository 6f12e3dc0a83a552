namespace NeuronDsl.Benchmarks

/// The baseline: Hodgkin–Huxley written as one hand-written float loop, no library, no abstraction — what the
/// library's generic solvers are measured against in the same run.
module HandWritten =
    let inline private linoid (x: float) (k: float) =
        let u = x / k

        if abs u < 1e-3 then
            k * (1.0 + 0.5 * u + u * u / 12.0)
        else
            x / (1.0 - exp -u)

    let inline private rates (i: float) (v: float) (m: float) (h: float) (n: float) =
        let am = 0.1 * linoid (v + 40.0) 10.0
        let bm = 4.0 * exp (-(v + 65.0) / 18.0)
        let ah = 0.07 * exp (-(v + 65.0) / 20.0)
        let bh = 1.0 / (1.0 + exp (-(v + 35.0) / 10.0))
        let an = 0.01 * linoid (v + 55.0) 10.0
        let bn = 0.125 * exp (-(v + 65.0) / 80.0)
        let n2 = n * n

        let iIon =
            120.0 * m * m * m * h * (v - 50.0)
            + 36.0 * n2 * n2 * (v + 77.0)
            + 0.3 * (v + 54.387)

        struct (i - iIon, am * (1.0 - m) - bm * m, ah * (1.0 - h) - bh * h, an * (1.0 - n) - bn * n)

    /// RK4 on HH under a constant current for the given number of steps; returns the final potential.
    let rungeKutta4 (current: float) (dt: float) (steps: int) =
        let mutable v, m, h, n = -65.0, 0.0529, 0.5961, 0.3177

        for _ in 1..steps do
            let struct (v1, m1, h1, n1) = rates current v m h n

            let struct (v2, m2, h2, n2) =
                rates current (v + 0.5 * dt * v1) (m + 0.5 * dt * m1) (h + 0.5 * dt * h1) (n + 0.5 * dt * n1)

            let struct (v3, m3, h3, n3) =
                rates current (v + 0.5 * dt * v2) (m + 0.5 * dt * m2) (h + 0.5 * dt * h2) (n + 0.5 * dt * n2)

            let struct (v4, m4, h4, n4) =
                rates current (v + dt * v3) (m + dt * m3) (h + dt * h3) (n + dt * n3)

            v <- v + dt / 6.0 * (v1 + 2.0 * (v2 + v3) + v4)
            m <- m + dt / 6.0 * (m1 + 2.0 * (m2 + m3) + m4)
            h <- h + dt / 6.0 * (h1 + 2.0 * (h2 + h3) + h4)
            n <- n + dt / 6.0 * (n1 + 2.0 * (n2 + n3) + n4)

        v
