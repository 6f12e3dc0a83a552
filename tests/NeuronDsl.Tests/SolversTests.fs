module NeuronDsl.Tests.SolversTests

open System
open Expecto
open NeuronDsl
open NeuronDsl.Units
open NeuronDsl.Models

/// y1' = −y1 + y2, y2' = −2 y2: linear and coupled, so exponential Euler (which is exact only for the diagonal)
/// is first order on it. Solution: y2 = b e^(−2t), y1 = (a + b) e^(−t) − b e^(−2t).
type CoupledDecay() =
    inherit OdeSystem(2)

    override _.Derivative(_, y, dydt) =
        dydt[0] <- -y[0] + y[1]
        dydt[1] <- -2.0 * y[1]

    override _.CanLinearise = true

    override this.Linearise(t, y, dydt, diagonal) =
        this.Derivative(t, y, dydt)
        diagonal[0] <- -1.0
        diagonal[1] <- -2.0

    static member Exact(a: float, b: float, t: float) =
        [| (a + b) * exp -t - b * exp (-2.0 * t); b * exp (-2.0 * t) |]

/// The logistic equation y' = y (1 − y): nonlinear, with solution y = 1 / (1 + (1/y0 − 1) e^(−t)).
type Logistic() =
    inherit OdeSystem(1)
    override _.Derivative(_, y, dydt) = dydt[0] <- y[0] * (1.0 - y[0])
    static member Exact(y0: float, t: float) = 1.0 / (1.0 + (1.0 / y0 - 1.0) * exp -t)

/// Integrates a system from 0 to T with a solver, outside any neuron model.
let integrate (solver: Solver) (system: OdeSystem) (start: float[]) (duration: float) (h: float) =
    let stepper = solver.CreateStepper system
    let n = system.Dimension
    let mutable y = Array.copy start
    let mutable y1 = Array.zeroCreate<float> n
    let f0 = Array.zeroCreate<float> n
    let mutable t = 0.0
    let mutable steps = 0

    while t < duration do
        system.Derivative(t, y, f0)
        let taken = stepper.Step(t, min h (duration - t), y, f0, y1)
        steps <- steps + 1
        t <- if taken >= duration - t then duration else t + taken
        let previous = y
        y <- y1
        y1 <- previous

    y

let private maxError (a: float[]) (b: float[]) =
    Array.map2 (fun x y -> abs (x - y)) a b |> Array.max

let private orderTest
    (name: string)
    (create: float<ms> -> Solver)
    (expected: float)
    (system: OdeSystem)
    (start: float[])
    (exact: float[])
    =
    testCase (sprintf "%s: error falls %g× when dt halves (order %g ± 0.2)" name (2.0 ** expected) expected)
    <| fun () ->
        let errors =
            [ 0.1; 0.05; 0.025 ]
            |> List.map (fun h -> maxError (integrate (create (h * 1.0<ms>)) system start 2.0 h) exact)

        for coarse, fine in List.pairwise errors do
            let order = observedOrder coarse fine
            Expect.isTrue (abs (order - expected) <= 0.2) (sprintf "observed order %.3f from errors %A" order errors)

let private coupled = CoupledDecay()
let private coupledExact = CoupledDecay.Exact(1.0, 0.5, 2.0)
let private logistic = Logistic()
let private logisticExact = [| Logistic.Exact(0.1, 2.0) |]

/// Local error of the dense output at mid-step, after one step of size h on the coupled system from (1, 0.5).
let private midStepError (solver: Solver) (h: float) =
    let stepper = solver.CreateStepper coupled
    let y0 = [| 1.0; 0.5 |]
    let f0 = [| -0.5; -1.0 |]
    let y1 = [| 0.0; 0.0 |]
    let taken = stepper.Step(0.0, h, y0, f0, y1)

    if taken <> h then
        failtestf "the step was %g, not %g" taken h

    let mid = [| 0.0; 0.0 |]
    stepper.Interpolate(0.5, mid)
    maxError mid (CoupledDecay.Exact(1.0, 0.5, 0.5 * h))

/// Same set-up, ten times the steps: any per-step allocation would show up as a difference.
let private expectNoAllocationPerStep (solver: Solver) (problemFor: float<ms> -> Problem<'P, 'S, 'I>) =
    let run (duration: float<ms>) =
        let problem =
            problemFor duration
            |> Problem.withRecording { Variables = []; Interval = NoTrace }

        let before = GC.GetAllocatedBytesForCurrentThread()

        let status, steps =
            Simulation.stream SimulationObserver.ignore Threading.CancellationToken.None solver problem

        Expect.equal status Completed "completed"
        GC.GetAllocatedBytesForCurrentThread() - before, steps

    run 20.0<ms> |> ignore // warm-up
    let short, shortSteps = run 20.0<ms>
    let long, longSteps = run 200.0<ms>
    // Spikes allocate (the root finder's closure, ~100 bytes each); allow that, nothing per step.
    let perStep = float (long - short) / float (longSteps - shortSteps)
    Expect.isLessThan perStep 1.0 (sprintf "bytes per step (%d vs %d bytes)" long short)

[<Tests>]
let tests =
    testList
        "Solvers"
        [ testList
              "convergence order on a coupled linear system"
              [ orderTest "Euler" Solver.euler 1.0 coupled [| 1.0; 0.5 |] coupledExact
                orderTest "Heun" Solver.heun 2.0 coupled [| 1.0; 0.5 |] coupledExact
                orderTest "RungeKutta4" Solver.rungeKutta4 4.0 coupled [| 1.0; 0.5 |] coupledExact
                orderTest "ExponentialEuler" Solver.exponentialEuler 1.0 coupled [| 1.0; 0.5 |] coupledExact ]
          testList
              "convergence order on the logistic equation"
              [ orderTest "Euler" Solver.euler 1.0 logistic [| 0.1 |] logisticExact
                orderTest "Heun" Solver.heun 2.0 logistic [| 0.1 |] logisticExact
                orderTest "RungeKutta4" Solver.rungeKutta4 4.0 logistic [| 0.1 |] logisticExact ]
          testList
              "DormandPrince"
              [ testCase "global error scales with the tolerance"
                <| fun () ->
                    // With error-per-step control the global error is proportional to the tolerance: over 6 decades
                    // of tolerance the log-log slope must be near 1 (0.8 to 1.2).
                    let errorAt tol =
                        let solver =
                            DormandPrince.create
                                { DormandPrince.defaults with
                                    Relative = tol
                                    Absolute = tol }

                        maxError (integrate solver logistic [| 0.1 |] 10.0 10.0) [| Logistic.Exact(0.1, 10.0) |]

                    let tolerances = [ 1e-4; 1e-6; 1e-8; 1e-10 ]
                    let errors = tolerances |> List.map errorAt

                    let slope =
                        log (errors.Head / List.last errors)
                        / log (tolerances.Head / List.last tolerances)

                    Expect.isTrue (slope > 0.8 && slope < 1.2) (sprintf "slope %.3f from errors %A" slope errors)

                    List.iter2
                        (fun tol err -> Expect.isLessThan err (10.0 * tol) "error within 10× the tolerance")
                        tolerances
                        errors
                testCase "dense output has local error O(h⁵): 32× smaller when h halves"
                <| fun () ->
                    // Loose tolerances so that the first trial step (h) is accepted as it is.
                    let solver h =
                        DormandPrince.create
                            { DormandPrince.defaults with
                                Relative = 1.0
                                Absolute = 1.0
                                InitialStep = h * 1.0<ms> }

                    let order =
                        observedOrder (midStepError (solver 0.2) 0.2) (midStepError (solver 0.1) 0.1)

                    Expect.isTrue (abs (order - 5.0) <= 0.3) (sprintf "observed local order %.3f" order)
                testCase "leaves a resting fixed point through a step onset without overflowing"
                <| fun () ->
                    // At rest the derivative vanishes, so the error estimate lets the step grow without bound; after the
                    // onset that step must be chosen afresh (a trial step that overflows is rejected, not accepted as NaN).
                    let problem =
                        Problem.create
                            HodgkinHuxley.model
                            HodgkinHuxley.defaults
                            (Input.step 10.0<uA / cm2> 1.0<ms> 30.0<ms>)
                            30.0<ms>

                    let adaptive = Simulation.run (DormandPrince.create DormandPrince.defaults) problem
                    let reference = Simulation.run (Solver.rungeKutta4 0.001<ms>) problem
                    Expect.equal adaptive.Status Completed "completed"
                    Expect.equal adaptive.Spikes.Length reference.Spikes.Length "same spikes"
                    // rtol 1e-6 moves spike times by ~1e-5 ms (measured 4e-6 ms); 1e-3 ms leaves a wide margin.
                    Array.iter2
                        (fun (a: float<ms>) b -> Expect.isLessThan (abs (float (a - b))) 1e-3 "spike time")
                        adaptive.Spikes
                        reference.Spikes
                testCase "stops with StepSizeUnderflow when the minimum step is too large"
                <| fun () ->
                    let tolerances =
                        { DormandPrince.defaults with
                            Relative = 1e-12
                            Absolute = 1e-12
                            MinStep = 0.5<ms> }

                    let problem =
                        Problem.create
                            HodgkinHuxley.model
                            HodgkinHuxley.defaults
                            (Input.constant 10.0<uA / cm2>)
                            50.0<ms>

                    let solution = Simulation.run (DormandPrince.create tolerances) problem

                    match solution.Status with
                    | StepSizeUnderflow(time, step) ->
                        Expect.isLessThan step 0.5<ms> "reported step below the minimum"
                        Expect.isLessThan time 50.0<ms> "stopped early"
                    | other -> failtestf "expected StepSizeUnderflow, got %A" other
                testCase "stops with StepLimitReached after MaxSteps steps"
                <| fun () ->
                    let tolerances =
                        { DormandPrince.defaults with
                            MaxSteps = 10L }

                    let problem =
                        Problem.create
                            HodgkinHuxley.model
                            HodgkinHuxley.defaults
                            (Input.constant 10.0<uA / cm2>)
                            50.0<ms>

                    let solution = Simulation.run (DormandPrince.create tolerances) problem
                    Expect.equal solution.Steps 10L "ten steps"

                    match solution.Status with
                    | StepLimitReached time -> Expect.isLessThan time 50.0<ms> "stopped early"
                    | other -> failtestf "expected StepLimitReached, got %A" other ]
          testList
              "dense output"
              [ testCase "RK4's Hermite interpolant has local error O(h⁴): 16× smaller when h halves"
                <| fun () ->
                    // At h ≤ 0.02 the interpolation error (∝ h⁴) dominates the step's own error (∝ h⁵).
                    let order =
                        observedOrder
                            (midStepError (Solver.rungeKutta4 1.0<ms>) 0.02)
                            (midStepError (Solver.rungeKutta4 1.0<ms>) 0.01)

                    Expect.isTrue (abs (order - 4.0) <= 0.3) (sprintf "observed local order %.3f" order)

                testCase "InterpolateOnly writes the chosen variables with Interpolate's bits and leaves the others"
                <| fun () ->
                    for solver in
                        [ Solver.rungeKutta4 0.1<ms>
                          Solver.exponentialEuler 0.1<ms>
                          Solver.heun 0.1<ms>
                          Solver.euler 0.1<ms> ] do
                        let stepper = solver.CreateStepper coupled

                        stepper.Step(0.0, 0.1, [| 1.0; 0.5 |], [| -0.5; -1.0 |], [| 0.0; 0.0 |])
                        |> ignore

                        for theta in [ 0.0; 0.3; 0.5; 0.999; 1.0 ] do
                            let all = [| nan; nan |]
                            stepper.Interpolate(theta, all)

                            for only in [ [| true; false |]; [| false; true |] ] do
                                let some = [| -7.0; -7.0 |]
                                stepper.InterpolateOnly(theta, some, only)
                                let k = Array.findIndex id only
                                let what = sprintf "%s, theta %g, variable %d" solver.Name theta k

                                Expect.equal
                                    (BitConverter.DoubleToInt64Bits some[k])
                                    (BitConverter.DoubleToInt64Bits all[k])
                                    what

                                // Steppers without their own InterpolateOnly write everything; the others must not
                                // write what was not asked at a fraction strictly inside the step.
                                if theta > 0.0 && theta < 1.0 && solver.Name <> "euler" then
                                    Expect.equal some[1 - k] -7.0 (what + ": the other variable left alone") ]
          testList
              "allocation"
              [ let hodgkinHuxley duration =
                    Problem.create HodgkinHuxley.model HodgkinHuxley.defaults (Input.constant 10.0<uA / cm2>) duration

                let leaky duration =
                    Problem.create
                        LeakyIntegrateAndFire.model
                        LeakyIntegrateAndFire.defaults
                        (Input.constant 300.0<pA>)
                        duration

                for solver in
                    [ Solver.euler 0.01<ms>
                      Solver.heun 0.01<ms>
                      Solver.rungeKutta4 0.01<ms>
                      Solver.exponentialEuler 0.01<ms>
                      DormandPrince.create DormandPrince.defaults ] do
                    testCase (sprintf "%s allocates nothing per Hodgkin–Huxley step" solver.Name)
                    <| fun () -> expectNoAllocationPerStep solver hodgkinHuxley

                testCase "exact allocates nothing per leaky integrate-and-fire step"
                <| fun () -> expectNoAllocationPerStep (Solver.exact 0.01<ms>) leaky ] ]
