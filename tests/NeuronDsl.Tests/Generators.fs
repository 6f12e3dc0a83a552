namespace NeuronDsl.Tests

open FsCheck
open FsCheck.FSharp
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

/// Random valid parameters and inputs for property tests.
module Generators =
    /// A float uniformly spread over [lo, hi] on a grid of 10⁶ points (shrinks toward lo).
    let floatBetween (lo: float) (hi: float) : Gen<float> =
        Gen.choose (0, 1_000_000) |> Gen.map (fun k -> lo + (hi - lo) * float k / 1e6)

    let private measured (lo: float<'u>) (hi: float<'u>) : Gen<float<'u>> =
        floatBetween (float lo) (float hi)
        |> Gen.map LanguagePrimitives.FloatWithMeasure

    /// Valid LIF parameters over the physiological range: τ from 1 to 250 ms, V_th 5–30 mV above rest.
    let leakyIntegrateAndFire: Gen<ParameterValues> =
        gen {
            let! c = measured 50.0<pF> 500.0<pF>
            let! r = measured 0.02<GOhm> 0.5<GOhm>
            let! rest = measured -80.0<mV> -60.0<mV>
            let! gap = measured 5.0<mV> 30.0<mV>
            let! resetFraction = floatBetween 0.0 0.9
            let! refractory = measured 0.0<ms> 5.0<ms>
            let threshold = rest + gap

            return
                LeakyIntegrateAndFire.defaults
                |> Parameters.setTo LeakyIntegrateAndFire.Capacitance c
                |> Parameters.setTo LeakyIntegrateAndFire.Resistance r
                |> Parameters.setTo LeakyIntegrateAndFire.RestingPotential rest
                |> Parameters.setTo LeakyIntegrateAndFire.Threshold threshold
                |> Parameters.setTo
                    LeakyIntegrateAndFire.ResetPotential
                    (rest - 10.0<mV> + resetFraction * (gap + 10.0<mV>))
                |> Parameters.setTo LeakyIntegrateAndFire.Refractory refractory
        }

    /// Valid IF parameters.
    let integrateAndFire: Gen<ParameterValues> =
        gen {
            let! c = measured 50.0<pF> 500.0<pF>
            let! reset = measured -80.0<mV> -55.0<mV>
            let! gap = measured 1.0<mV> 40.0<mV>
            let! refractory = measured 0.0<ms> 5.0<ms>

            return
                IntegrateAndFire.defaults
                |> Parameters.setTo IntegrateAndFire.Capacitance c
                |> Parameters.setTo IntegrateAndFire.Threshold (reset + gap)
                |> Parameters.setTo IntegrateAndFire.ResetPotential reset
                |> Parameters.setTo IntegrateAndFire.Refractory refractory
        }

    /// A step size between 0.001 ms and 50 ms, spread over five decades.
    let step: Gen<float<ms>> =
        floatBetween -3.0 1.7 |> Gen.map (fun e -> 10.0 ** e * 1.0<ms>)
