module NeuronDsl.Tests.SynapticModelsTests

open System
open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

// Closed forms for the LIF variants, written from the equations in each model's doc comment, independent of the
// library's exact flow (which eigen-decomposes the system matrix).
//
// Tolerances. Exact integration: every state is one application of the flow from the segment's anchor (Exact.fs),
// so rounding does not accumulate with the number of steps; ExactFlow accepts an eigenbasis with cond∞ ≤ 10⁴ and is
// accurate to about cond·ε relative to the increment, so |ΔV| ≤ 10⁴ · 2.2e-16 · 100 mV ≈ 2.2e-10 mV bounds the
// error of a sample (the increments here are below 100 mV). A located spike time inherits that error divided by
// the slope dV/dt at the crossing (the root finder's own bracket is 1e-15 of a step), plus an ulp of t.

let private eps = 2.220446049250313e-16
let private exactVoltage = 1e4 * eps * 100.0

/// (e^x − 1)/x, accurate near 0.
let private exprel (x: float) =
    if abs x < 1e-5 then
        1.0 + x / 2.0 + x * x / 6.0
    else
        Double.ExpM1 x / x

/// ∫₀ˢ e^(−(s−u)/τm) e^(−u/τs) du = s e^(−s/τm) exprel(−k s), k = 1/τs − 1/τm: the response of a leaky membrane
/// (time constant τm) to a current decaying with τs, per unit of current / C.
let private twoExponential (tauM: float) (tauS: float) (s: float) =
    s * exp (-s / tauM) * exprel (-(1.0 / tauS - 1.0 / tauM) * s)

/// ∫₀ˢ e^(−(s−u)/τm) (u/τs) e^(−u/τs) du = e^(−s/τm) (1 − e^(−ks)(1 + ks)) / (k² τs).
let private alphaResponse (tauM: float) (tauS: float) (s: float) =
    let k = 1.0 / tauS - 1.0 / tauM
    let ks = k * s
    // 1 − e^(−x)(1 + x) = −expm1(−x) − x e^(−x), accurate enough for the x here (|x| ≥ 1e-3 once s > 0.01 ms).
    exp (-s / tauM) * (-Double.ExpM1(-ks) - ks * exp (-ks)) / (k * k * tauS)

/// The first time in (0, horizon] at which v crosses threshold upward, bracketed on a 0.01 ms grid and bisected to
/// rounding.
let private firstCrossing (threshold: float) (horizon: float) (v: float -> float) =
    let grid = 0.01

    let rec scan (t: float) =
        if t > horizon then None
        elif v (t + grid) > threshold then Some(t, t + grid)
        else scan (t + grid)

    scan 0.0
    |> Option.map (fun (lo, hi) ->
        let mutable lo, hi = lo, hi

        for _ in 1..200 do
            let mid = 0.5 * (lo + hi)
            if v mid > threshold then hi <- mid else lo <- mid

        hi)

/// Samples every 0.25 ms of all variables, with the given initial state.
let private sampled (solver: Solver) (model: Model<ParameterValues, float[], pA>) p (i: float<pA>) duration initial =
    Problem.create model p (Input.constant i) duration
    |> Problem.withInitialState initial
    |> Problem.withRecording
        { Variables = []
          Interval = Every 0.25<ms> }
    |> Simulation.run solver

let private expectTrace (tolerance: float) (name: string) (solution: Solution<_, _, _>) (closed: float -> float) =
    let worst =
        Array.map2 (fun (t: float<ms>) x -> abs (x - closed (float t))) solution.Trace.Times solution.Trace[name]
        |> Array.max

    Expect.isLessThanOrEqual worst tolerance (sprintf "largest error of %s" name)
    worst

/// Spike times of a reset model from the closed form: after a spike at t_k the membrane is held at V_reset for t_ref
/// while the synaptic (or adaptation) variables keep decaying; then the closed form restarts from there.
let private closedFormSpikes
    (count: int)
    (threshold: float)
    (refractory: float)
    (start: float[])
    (trajectory: float[] -> float -> float)
    (afterSpike: float[] -> float -> float[])
    =
    let rec go (k: int) (t0: float) (state: float[]) (acc: float list) =
        if k = count then
            List.rev acc
        else
            match firstCrossing threshold 1000.0 (trajectory state) with
            | None -> List.rev acc
            | Some s ->
                let spike = t0 + s
                go (k + 1) (spike + refractory) (afterSpike state s) (spike :: acc)

    go 0 0.0 start [] |> Array.ofList

let private expectSpikes (tolerance: float -> float) (expected: float[]) (actual: float<ms>[]) =
    Expect.equal actual.Length expected.Length "as many spikes as the closed form"

    Array.iteri2
        (fun k (t: float<ms>) e ->
            Expect.floatClose
                { absolute = tolerance e
                  relative = 0.0 }
                (float t)
                e
                (sprintf "spike %d" k))
        actual
        expected

[<Tests>]
let tests =
    testList
        "Models"
        [ testList
              "LeakyIntegrateAndFireExponentialSynapse"
              [ let m = LeakyIntegrateAndFireExponentialSynapse.model
                let p = LeakyIntegrateAndFireExponentialSynapse.defaults
                let tauM, tauS, c = p["tau_m"], p["tau_syn"], p["C_m"]
                let eL, vTh, vReset, tRef = p["E_L"], p["V_th"], p["V_reset"], p["t_ref"]

                /// V(s) and I_syn(s) from (V0, I_syn0) under a constant I.
                let closed (i: float) (state: float[]) (s: float) =
                    let v0, i0 = state[0], state[1]
                    let vInf = eL + tauM * i / c

                    vInf + (v0 - vInf) * exp (-s / tauM) + i0 / c * twoExponential tauM tauS s

                testCase "is linear: the compiled model has an exact flow"
                <| fun () -> Expect.isTrue m.Propagate.IsSome "exact flow"

                testCase "the exact solver follows the two-exponential PSP from a given synaptic current"
                <| fun () ->
                    let initial = [| -68.0; 300.0 |]
                    let s = sampled (Solver.exact 0.1<ms>) m p 100.0<pA> 100.0<ms> initial
                    Expect.isEmpty s.Spikes "subthreshold"
                    let worst = expectTrace exactVoltage "V" s (closed 100.0 initial)

                    let worstSyn =
                        expectTrace (1e4 * eps * 300.0) "I_syn" s (fun t -> 300.0 * exp (-t / tauS))

                    printfn "lif-exp PSP: worst |V - closed| = %g mV, |I_syn - closed| = %g pA" worst worstSyn

                testCase "the exact solver's spike times match the closed form to the rounding of the flow"
                <| fun () ->
                    let i = 400.0 // above the rheobase C (V_th − E_L)/τ_m = 375 pA
                    let initial = [| eL; 200.0 |]
                    let s = sampled (Solver.exact 0.1<ms>) m p (i * 1.0<pA>) 200.0<ms> initial

                    let expected =
                        closedFormSpikes s.Spikes.Length vTh tRef initial (closed i) (fun state s ->
                            [| vReset; state[1] * exp (-(s + tRef) / tauS) |])

                    // dV/dt at threshold is at least (E_L + R I − V_th)/τ_m = 0.1 mV/ms here.
                    expectSpikes (fun t -> exactVoltage / 0.1 + 4.0 * eps * t) expected s.Spikes
                    Expect.isGreaterThanOrEqual expected.Length 5 "several spikes"
                    printfn "lif-exp: %d spikes, first %.12f ms" expected.Length expected[0] ]
          testList
              "LeakyIntegrateAndFireAlphaSynapse"
              [ let m = LeakyIntegrateAndFireAlphaSynapse.model
                let p = LeakyIntegrateAndFireAlphaSynapse.defaults
                let tauM, tauS, c = p["tau_m"], p["tau_syn"], p["C_m"]
                let eL = p["E_L"]

                testCase "is linear: the compiled model has an exact flow"
                <| fun () -> Expect.isTrue m.Propagate.IsSome "exact flow"

                testCase "the synaptic current is the alpha function J0 (t/τ) e^(1 − t/τ) / e, peaking at τ_syn"
                <| fun () ->
                    let j0 = 500.0
                    let s = sampled (Solver.exact 0.1<ms>) m p 0.0<pA> 50.0<ms> [| eL; 0.0; j0 |]

                    expectTrace (1e4 * eps * j0) "I_syn" s (fun t -> j0 * t / tauS * exp (-t / tauS))
                    |> ignore

                    let peak = Array.maxBy snd (Array.zip s.Trace.Times s.Trace["I_syn"])
                    Expect.floatClose Accuracy.high (float (fst peak)) tauS "peak at τ_syn (on the 0.25 ms grid)"

                testCase "the exact solver follows the alpha PSP under a constant input"
                <| fun () ->
                    let i0, j0, v0, input = 50.0, 800.0, -72.0, 100.0

                    let s =
                        sampled (Solver.exact 0.1<ms>) m p (input * 1.0<pA>) 100.0<ms> [| v0; i0; j0 |]

                    Expect.isEmpty s.Spikes "subthreshold"
                    let vInf = eL + tauM * input / c

                    let worst =
                        expectTrace exactVoltage "V" s (fun t ->
                            vInf
                            + (v0 - vInf) * exp (-t / tauM)
                            + i0 / c * twoExponential tauM tauS t
                            + j0 / c * alphaResponse tauM tauS t)

                    printfn "lif-alpha PSP: worst |V - closed| = %g mV" worst ]
          testList
              "ConductanceBasedLeakyIntegrateAndFire"
              [ let m = ConductanceBasedLeakyIntegrateAndFire.model
                let p = ConductanceBasedLeakyIntegrateAndFire.defaults
                let tauM, c, eL = p["tau_m"], p["C"], p["E_L"]
                let vTh, vReset, tRef = p["V_th"], p["V_reset"], p["t_ref"]

                /// V(s) with one conductance g(s) = g0 e^(−s/τ) of reversal E_g under a constant I. With the integrating
                /// factor μ(s) = exp(s/τ_m + a (1 − e^(−s/τ))), a = g0 τ / C, and g E_g/C μ = E_g (μ' − μ/τ_m):
                /// V(s) = E_g + [(V0 − E_g) + ((E_L − E_g)/τ_m + I/C) ∫₀ˢ μ] / μ(s), where
                /// ∫₀ˢ μ = e^a Σ_k (−a)^k/k! s exprel((1/τ_m − k/τ) s) (expanding exp(−a e^(−u/τ)); entire in a).
                let closed (reversal: float) (tau: float) (i: float) (v0: float) (g0: float) (s: float) =
                    let a = g0 * tau / c
                    let mutable sum, term = 0.0, 1.0

                    for k in 0..80 do
                        if k > 0 then
                            term <- term * -a / float k

                        sum <- sum + term * s * exprel ((1.0 / tauM - float k / tau) * s)
                    // e^a / μ(s) = exp(−s/τ_m + a e^(−s/τ))
                    let ratio = exp (-s / tauM + a * exp (-s / tau))

                    reversal
                    + (v0 - reversal) * exp (-s / tauM - a * (1.0 - exp (-s / tau)))
                    + ((eL - reversal) / tauM + i / c) * sum * ratio

                // RK4's error per step on a mode decaying at rate λ is (λh)⁵/120 of its size, and its cubic Hermite
                // dense output adds h⁴/384 max|V⁗| ≤ (λh)⁴/384 · 100 mV; λ ≤ 1/τ_m + g0/C ≤ 0.35/ms here and the
                // voltage moves by less than 100 mV, so after n steps |ΔV| ≤ (n (λh)⁵/120 + (λh)⁴/384) · 100 mV.
                let rk4Bound (h: float) (n: int) =
                    let lh = 0.35 * h
                    (float n * lh ** 5.0 / 120.0 + lh ** 4.0 / 384.0) * 100.0

                testCase "is not linear (g·V), so it has no exact flow, but is conditionally linear"
                <| fun () ->
                    Expect.isTrue m.Propagate.IsNone "no exact flow: the rate of V has g_e·V and g_i·V"
                    Expect.isTrue m.Linearised.IsSome "exponential Euler applies"

                for (name, reversal, tau, g0, index) in
                    [ "excitatory", p["E_e"], p["tau_e"], 8.0, 1
                      "inhibitory", p["E_i"], p["tau_i"], 50.0, 2 ] do
                    testCase (sprintf "RK4 follows the closed-form response to an %s conductance, at order 4" name)
                    <| fun () ->
                        let initial = [| -65.0; 0.0; 0.0 |]
                        initial[index] <- g0
                        let input = 60.0 // below the rheobase C (V_th − E_L)/τ_m = 100 pA

                        let error h =
                            let s =
                                Problem.create m p (Input.constant (input * 1.0<pA>)) 100.0<ms>
                                |> Problem.withInitialState initial
                                |> Problem.withRecording
                                    { Variables = [ "V" ]
                                      Interval = EveryStep }
                                |> Simulation.run (Solver.rungeKutta4 (h * 1.0<ms>))

                            Expect.isEmpty s.Spikes "subthreshold"
                            expectTrace (rk4Bound h (int (100.0 / h))) "V" s (closed reversal tau input -65.0 g0)

                        let coarse, fine = error 0.1, error 0.05
                        printfn "coba %s: RK4 max |V - closed| = %g mV (dt 0.1), %g mV (dt 0.05)" name coarse fine
                        Expect.isGreaterThan (observedOrder coarse fine) 3.7 "fourth order"

                testCase "RK4's spike times match the closed form under a decaying excitatory conductance"
                <| fun () ->
                    let i, g0, tauE, eE = 150.0, 20.0, p["tau_e"], p["E_e"]
                    let h = 0.05

                    let s =
                        sampled (Solver.rungeKutta4 (h * 1.0<ms>)) m p (i * 1.0<pA>) 200.0<ms> [| eL; g0; 0.0 |]

                    let expected =
                        closedFormSpikes
                            s.Spikes.Length
                            vTh
                            tRef
                            [| eL; g0 |]
                            (fun state -> closed eE tauE i state[0] state[1])
                            (fun state s -> [| vReset; state[1] * exp (-(s + tRef) / tauE) |])

                    // dV/dt at threshold ≥ (E_L + τ_m I/C − V_th)/τ_m = 0.125 mV/ms (g_e only adds to it).
                    expectSpikes (fun t -> rk4Bound h (int (t / h)) / 0.125) expected s.Spikes
                    Expect.isGreaterThanOrEqual expected.Length 5 "several spikes"

                    printfn
                        "coba: %d spikes, first %.9f ms, worst error %g ms"
                        expected.Length
                        expected[0]
                        (Array.map2 (fun (a: float<ms>) b -> abs (float a - b)) s.Spikes expected
                         |> Array.max) ]
          testList
              "AdaptiveLeakyIntegrateAndFire"
              [ let m = AdaptiveLeakyIntegrateAndFire.model
                let p = AdaptiveLeakyIntegrateAndFire.defaults
                let c, r, eL = p["C"], p["R"], p["E_L"]

                let vTh, vReset, tRef, tauW, b =
                    p["V_th"], p["V_reset"], p["t_ref"], p["tau_w"], p["b"]

                let tau = r * c
                let i = 500.0

                /// V(s) from (V0, w0): E_L + R I + (V0 − E_L − R I) e^(−s/τ) − (w0/C) ∫₀ˢ e^(−(s−u)/τ) e^(−u/τ_w) du.
                let closed (state: float[]) (s: float) =
                    let vInf = eL + r * i

                    vInf + (state[0] - vInf) * exp (-s / tau)
                    - state[1] / c * twoExponential tau tauW s

                /// w just after a spike → (interval to the next spike, w just after it): w decays through t_ref while V
                /// is held at V_reset, then V rises from V_reset until it reaches V_th after T.
                let next (wAfter: float) =
                    let w0 = wAfter * exp (-tRef / tauW)
                    let t = (firstCrossing vTh 1000.0 (closed [| vReset; w0 |])).Value
                    tRef + t, w0 * exp (-t / tauW) + b

                testCase "is linear between spikes: the compiled model has an exact flow"
                <| fun () -> Expect.isTrue m.Propagate.IsSome "exact flow"

                testCase "interspike intervals grow toward the fixed point of the closed-form map"
                <| fun () ->
                    let s =
                        Problem.create m p (Input.constant (i * 1.0<pA>)) 3000.0<ms>
                        |> Problem.withRecording { Variables = []; Interval = NoTrace }
                        |> Simulation.run (Solver.exact 0.1<ms>)

                    let expected =
                        closedFormSpikes s.Spikes.Length vTh tRef [| eL; 0.0 |] closed (fun state s ->
                            [| vReset; (state[1] * exp (-s / tauW) + b) * exp (-tRef / tauW) |])

                    // dV/dt at threshold ≥ (E_L + R I − R w − V_th)/τ > 0.03 mV/ms for the w reached here.
                    expectSpikes (fun t -> exactVoltage / 0.03 + 4.0 * eps * t) expected s.Spikes

                    let isi =
                        Array.pairwise (Array.map float s.Spikes) |> Array.map (fun (a, b) -> b - a)

                    for k in 1 .. isi.Length - 1 do
                        Expect.isGreaterThanOrEqual isi[k] (isi[k - 1] - 1e-9) (sprintf "interval %d does not shrink" k)
                    // The steady interval: iterate the map from w = b to its fixed point (a contraction: w shrinks by
                    // e^(−ISI/τ_w) between spikes).
                    let rec fixedPoint (w: float) (n: int) =
                        let isiNext, wNext = next w

                        if abs (wNext - w) < 1e-12 || n > 10000 then
                            isiNext, wNext
                        else
                            fixedPoint wNext (n + 1)

                    let steady, wSteady = fixedPoint b 0

                    printfn
                        "sfa-lif at %g pA: first ISI %.9f ms, last %.9f ms, steady %.9f ms (w* = %.6f pA), %d spikes"
                        i
                        isi[0]
                        isi[isi.Length - 1]
                        steady
                        wSteady
                        s.Spikes.Length

                    Expect.isGreaterThan (isi[isi.Length - 1] / isi[0]) 1.5 "adapts"
                    Expect.floatClose { absolute = 1e-6; relative = 0.0 } isi[isi.Length - 1] steady "steady interval" ] ]
