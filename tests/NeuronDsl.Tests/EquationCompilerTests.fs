module NeuronDsl.Tests.EquationCompilerTests

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open NeuronDsl
open NeuronDsl.Tests
open NeuronDsl.Tests.EquationModels

/// Machine epsilon, 2^-52: the spacing of doubles at 1.
let private epsilon = Math.BitIncrement 1.0 - 1.0

/// The interpreter's value of every name: states, parameters, input, t, and definitions evaluated recursively.
let private lookup (m: CheckedEquations) (state: float[]) (parameters: float[]) (input: float) (time: float) =
    let definitions = Map.ofArray m.Definitions

    let rec look (name: string) =
        match Array.tryFindIndex (fun (s: StateDeclaration) -> s.Name = name) m.States with
        | Some k -> state[k]
        | None ->
            match Array.tryFindIndex (fun (p: ParameterDeclaration) -> p.Name = name) m.Parameters with
            | Some k -> parameters[k]
            | None when name = "t" -> time
            | None when Some name = (m.Input |> Option.map (fun i -> i.Name)) -> input
            | None -> Interpreter.evaluate look definitions[name]

    look

let private sameBits (what: string) (expected: float) (actual: float) =
    if BitConverter.DoubleToInt64Bits expected <> BitConverter.DoubleToInt64Bits actual then
        failtestf "%s: interpreter %.17g, compiled %.17g" what expected actual

/// A point at which to evaluate a model: state, parameters, input and time.
type Point =
    { State: float[]
      Parameters: float[]
      Input: float
      Time: float }

/// Parameters scaled by [0.5, 2] around their defaults; states spread around their initial values, with
/// a chance of hitting exprel's removable singularities (V = −40 and −55 mV in HH) exactly.
let private point (m: CheckedEquations) (spread: float[]) : Gen<Point> =
    gen {
        let! factors =
            Gen.arrayOfLength m.Parameters.Length (Generators.floatBetween 0.5 2.0)

        let parameters =
            Array.map2 (fun (p: ParameterDeclaration) f -> p.Default * f) m.Parameters factors

        let initial =
            m.Initial |> Array.map (Interpreter.evaluate (lookup m [||] parameters 0.0 0.0))

        let! offsets =
            spread
            |> Array.map (fun s -> Generators.floatBetween -s s)
            |> Array.toList
            |> Gen.sequenceToList

        let! special = Gen.elements [ None; Some -40.0; Some -55.0 ]
        let state = Array.map2 (+) initial (Array.ofList offsets)

        if special.IsSome && m.States[0].Name = "V" then
            state[0] <- special.Value

        let! input = Generators.floatBetween -500.0 500.0
        let! time = Generators.floatBetween 0.0 100.0

        return
            { State = state
              Parameters = parameters
              Input = input
              Time = time }
    }

let private models =
    [ "IF", integrateAndFire, [| 30.0 |]
      "LIF", leakyIntegrateAndFire, [| 30.0 |]
      "LIF with synapse", synapticLif, [| 30.0; 500.0 |]
      "linear adaptation", adaptiveLinear, [| 30.0; 200.0 |]
      "HH", hodgkinHuxley, [| 60.0; 0.05; 0.4; 0.3 |]
      "Izhikevich", izhikevich, [| 60.0; 20.0 |] ]
    |> List.map (fun (name, m, spread) ->
        let c = check m
        name, c, Compiler.compile c, spread)

let private interpreterAgrees =
    models
    |> List.collect (fun (name, m, compiled, spread) ->
        let n = m.States.Length

        let eval (p: Point) =
            Interpreter.evaluate (lookup m p.State p.Parameters p.Input p.Time)

        [ testProp (sprintf "%s: rates equal the interpreter bit for bit" name) (point m spread) (fun p ->
              let rates = Array.zeroCreate n
              compiled.Rates.Invoke(p.State, p.Parameters, p.Input, p.Time, rates)

              m.Rates
              |> Array.iteri (fun i r -> sameBits (sprintf "rate %d" i) (eval p r) rates[i]))

          testProp (sprintf "%s: linearised rates and diagonal equal the interpreter" name) (point m spread) (fun p ->
              let rates, diagonal = Array.zeroCreate n, Array.zeroCreate n
              compiled.Linearised.Invoke(p.State, p.Parameters, p.Input, p.Time, rates, diagonal)

              m.Rates
              |> Array.iteri (fun i r -> sameBits (sprintf "rate %d" i) (eval p r) rates[i])

              Differentiation.diagonal m
              |> Array.iteri (fun i d -> sameBits (sprintf "diagonal %d" i) (eval p d) diagonal[i]))

          testProp (sprintf "%s: spike function and reset equal the interpreter" name) (point m spread) (fun p ->
              match m.SpikeFunction, compiled.SpikeFunction with
              | Some f, Some kernel ->
                  sameBits "spike" (eval p f) (kernel.Invoke(p.State, p.Parameters, p.Input, p.Time))
              | None, None -> ()
              | _ -> failtest "spike function compiled iff declared"

              match compiled.Reset with
              | Some kernel ->
                  let expected = Array.copy p.State

                  for index, value in m.Reset do
                      expected[index] <- Interpreter.evaluate (lookup m expected p.Parameters p.Input p.Time) value

                  let actual = Array.copy p.State
                  kernel.Invoke(actual, p.Parameters, p.Input, p.Time)
                  Array.iteri2 (fun i e a -> sameBits (sprintf "reset state %d" i) e a) expected actual
              | None -> Expect.isEmpty m.Reset "reset compiled iff declared")

          testProp
              (sprintf "%s: initial state and refractory period equal the interpreter" name)
              (point m spread)
              (fun p ->
                  let actual = Array.zeroCreate n
                  compiled.Initial.Invoke(p.Parameters, actual)
                  let look = lookup m [||] p.Parameters 0.0 0.0

                  m.Initial
                  |> Array.iteri (fun i e -> sameBits "initial" (Interpreter.evaluate look e) actual[i])

                  sameBits
                      "refractory"
                      (Interpreter.evaluate look m.Refractory)
                      (compiled.Refractory.Invoke p.Parameters)) ])

let private izhikevichReset =
    testCase "Izhikevich reset runs v = c, then u += d"
    <| fun () ->
        let m = check izhikevich
        let compiled = Compiler.compile m
        let parameters = m.Parameters |> Array.map (fun p -> p.Default)
        let state = [| 31.0; -10.0 |]
        compiled.Reset.Value.Invoke(state, parameters, 0.0, 0.0)
        Expect.equal state [| -65.0; -2.0 |] "v = c and u = -10 + 8"

/// rate_i as a function of state_j alone, through the compiled kernel (equal to the interpreter, tested above).
let private rateOf (compiled: CompiledEquations) (p: Point) (i: int) (j: int) (x: float) =
    let state = Array.copy p.State
    state[j] <- x
    let rates = Array.zeroCreate state.Length
    compiled.Rates.Invoke(state, p.Parameters, p.Input, p.Time, rates)
    rates[i]

/// F = the value of e with every sum of magnitudes (|a| + |b| for a ± b, |a|·|b|, |a|/|b|), and its depth: the
/// standard forward bound for rounding in e is depth·ε·F (Higham, Accuracy and Stability, §3). Functions, powers and
/// conditionals count as one rounded quantity of their own magnitude.
let rec private magnitude (look: string -> float) (e: Expr) : float * int =
    let m = magnitude look

    match e with
    | Number(v, _) -> abs v, 0
    | Name n -> abs (look n), 0
    | Negate a -> m a
    | Binary((Add | Subtract | Multiply | Divide) as op, a, b) ->
        let (fa, da), (fb, db) = m a, m b

        let f =
            match op with
            | Add
            | Subtract -> fa + fb
            | Multiply -> fa * fb
            | _ -> fa / abs (Interpreter.evaluate look b)

        f, 1 + max da db
    | _ -> abs (Interpreter.evaluate look e), 1

/// Central difference (f(x+h) − f(x−h))/(x+h − (x−h)) with h = ε^(1/3)·max(|x|, 1), which balances truncation
/// h²/6·|f'''| against rounding (δ(x+h) + δ(x−h))/(2h), with δ = depth·ε·F the forward rounding bound of f
/// (<c>magnitude</c>). f''' is estimated by the third difference at H = 100h; the tolerance is 10× the sum of both
/// bounds (the margin covers f''' varying over [x−2H, x+2H]).
let private centralDifference (f: float -> float) (delta: float -> float) (x: float) =
    let h = Math.Cbrt epsilon * max (abs x) 1.0
    let up, down = x + h, x - h
    let estimate = (f up - f down) / (up - down)
    let big = 100.0 * h

    let third =
        (f (x + 2.0 * big) - 2.0 * f (x + big) + 2.0 * f (x - big) - f (x - 2.0 * big))
        / (2.0 * big ** 3.0)

    let truncation = h * h / 6.0 * abs third
    let rounding = (delta up + delta down) / (up - down)
    estimate, 10.0 * (truncation + rounding) + 1e-300

let private jacobianTests =
    models
    |> List.map (fun (name, m, compiled, spread) ->
        let jacobian = Differentiation.jacobian m
        let diagonal = Differentiation.diagonal m
        let n = m.States.Length

        testProp (sprintf "%s: symbolic Jacobian equals a central difference within its error" name) (point m spread)
        <| fun p ->
            let look = lookup m p.State p.Parameters p.Input p.Time

            for i in 0 .. n - 1 do
                sameBits "diagonal" (Interpreter.evaluate look jacobian[i, i]) (Interpreter.evaluate look diagonal[i])

                for j in 0 .. n - 1 do
                    let symbolic = Interpreter.evaluate look jacobian[i, j]
                    let rate = Differentiation.inlineDefinitions m.Definitions m.Rates[i]

                    let delta (x: float) =
                        let state = Array.copy p.State
                        state[j] <- x
                        let f, depth = magnitude (lookup m state p.Parameters p.Input p.Time) rate
                        float (max depth 1) * epsilon * f

                    let estimate, tolerance = centralDifference (rateOf compiled p i j) delta p.State[j]

                    if abs (symbolic - estimate) > tolerance then
                        failtestf
                            "df%d/dy%d: symbolic %.17g, difference %.17g, tolerance %g"
                            i
                            j
                            symbolic
                            estimate
                            tolerance)

let private compiledOf (name: string) =
    models
    |> List.pick (fun (n, m, c, s) -> if n = name then Some(m, c, s) else None)

let private flow (c: CompiledEquations) (p: Point) (h: float) (y0: float[]) =
    let y1 = Array.zeroCreate y0.Length
    c.ExactFlow.Value.Invoke(p.Parameters, p.Input, h, y0, y1)
    y1

let private withStep (m: CheckedEquations) spread =
    Gen.zip (point m spread) (Generators.step |> Gen.map float)

let private singleVariableFlow =
    let lif, lifCompiled, lifSpread = compiledOf "LIF"
    let perfect, perfectCompiled, perfectSpread = compiledOf "IF"

    [ testProp "LIF: exact flow equals V∞ + (V0 − V∞)e^(−h/τ) to rounding" (withStep lif lifSpread)
      <| fun (p, h) ->
          // C, R, E_L are parameters 0, 1, 2; pA·GΩ = mV and GΩ·pF = ms, so no conversion factors.
          let capacitance, resistance, rest =
              p.Parameters[0], p.Parameters[1], p.Parameters[2]

          let v0 = p.State[0]
          let vInf = rest + resistance * p.Input
          let expected = vInf + (v0 - vInf) * exp (-h / (resistance * capacitance))
          let actual = (flow lifCompiled p h p.State)[0]
          // ~10 roundings on numbers no larger than |V0| + |V∞|; exp's argument error costs (h/τ)e^(−h/τ)ε < ε.
          let tolerance = 16.0 * epsilon * (abs v0 + abs vInf)
          Expect.floatClose { absolute = tolerance; relative = 0.0 } actual expected "closed form"

      testProp "IF: exact flow is V0 + h·I/C (exprel at a = 0)" (withStep perfect perfectSpread)
      <| fun (p, h) ->
          let increment = h * p.Input / p.Parameters[0]
          let expected = p.State[0] + increment
          let actual = (flow perfectCompiled p h p.State)[0]
          let tolerance = 4.0 * epsilon * (abs p.State[0] + abs increment)
          Expect.floatClose { absolute = tolerance; relative = 0.0 } actual expected "closed form" ]

/// Classic RK4 with n steps of the compiled rates.
let private rungeKutta4 (c: CompiledEquations) (p: Point) (h: float) (steps: int) (y0: float[]) =
    let n = y0.Length
    let dt = h / float steps

    let rate (y: float[]) =
        let r = Array.zeroCreate n
        c.Rates.Invoke(y, p.Parameters, p.Input, 0.0, r)
        r

    let axpy (a: float) (x: float[]) (y: float[]) =
        Array.map2 (fun xi yi -> yi + a * xi) x y

    let mutable y = Array.copy y0

    for _ in 1..steps do
        let k1 = rate y
        let k2 = rate (axpy (dt / 2.0) k1 y)
        let k3 = rate (axpy (dt / 2.0) k2 y)
        let k4 = rate (axpy dt k3 y)
        y <- Array.init n (fun i -> y[i] + dt / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]))

    y

/// A and w = b + c·I evaluated at a point, through the linear form.
let private linearSystem (m: CheckedEquations) (p: Point) =
    let form = (Linearity.tryLinear m).Value
    let look = lookup m p.State p.Parameters p.Input p.Time
    let a = form.Matrix |> Array2D.map (Interpreter.evaluate look)

    let w =
        Array.init (Array2D.length1 a) (fun i ->
            Interpreter.evaluate look form.Offset[i]
            + Interpreter.evaluate look form.InputGain[i] * p.Input)

    a, w

let private normInf (x: float[]) =
    x |> Array.fold (fun m v -> max m (abs v)) 0.0

/// RK4 with 4000 steps against the flow. With y* = −A⁻¹w, x = y − y* obeys x' = Ax; RK4's local error is
/// (A dt)^5 x/120 + O(dt^6), so the global error is at most h·‖A‖^5·dt⁴/120·max‖x‖ (these flows contract).
/// Rounding adds about 8ε‖y‖ per step. The tolerance is 10× both.
let private againstRungeKutta4 (m: CheckedEquations) (c: CompiledEquations) (p: Point) (h: float) =
    let steps = 4000
    let exact = flow c p h p.State
    let rk4 = rungeKutta4 c p h steps p.State
    let a, w = linearSystem m p
    let normA = Array.init 2 (fun i -> abs a[i, 0] + abs a[i, 1]) |> Array.max
    let det = a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]

    let yStar =
        [| -(a[1, 1] * w[0] - a[0, 1] * w[1]) / det
           -(a[0, 0] * w[1] - a[1, 0] * w[0]) / det |]

    let x = Array.map2 (-) p.State yStar
    let dt = h / float steps
    let truncation = h * normA ** 5.0 * dt ** 4.0 / 120.0 * normInf x
    let rounding = float steps * 8.0 * epsilon * max (normInf p.State) (normInf exact)
    let error = normInf (Array.map2 (-) exact rk4)
    Expect.isLessThanOrEqual error (10.0 * (truncation + rounding)) "flow vs RK4"

let private twoVariableFlow =
    [ "LIF with synapse"; "linear adaptation" ]
    |> List.collect (fun name ->
        let m, c, spread = compiledOf name

        [ testPropSlow (sprintf "%s: exact flow equals RK4 at a tiny step within RK4's error" name) (withStep m spread)
          <| fun (p, h) -> againstRungeKutta4 m c p (min h 20.0)

          testProp
              (sprintf "%s: flow(h1 + h2) = flow(h2) ∘ flow(h1) to rounding" name)
              (Gen.zip (withStep m spread) Generators.step)
          <| fun ((p, h1), h2) ->
              let h2 = float h2
              let once = flow c p (h1 + h2) p.State
              let twice = flow c p h2 (flow c p h1 p.State)
              let scale = normInf p.State + normInf once
              Expect.isLessThanOrEqual (normInf (Array.map2 (-) once twice)) (64.0 * epsilon * scale) "composition" ])

let private linearity =
    testList
        "Linearity"
        [ for name, model, expected in
              [ "IF", integrateAndFire, true
                "LIF", leakyIntegrateAndFire, true
                "LIF with synapse", synapticLif, true
                "linear adaptation", adaptiveLinear, true
                "HH", hodgkinHuxley, false
                "Izhikevich", izhikevich, false
                "LIF switched on at t = 10 ms", timedLif, false ] ->
              testCase (sprintf "%s is %s" name (if expected then "linear" else "not linear"))
              <| fun () ->
                  let m = check model
                  Expect.equal (Linearity.isLinear m) expected "linearity"
                  Expect.equal (Compiler.compile m).ExactFlow.IsSome expected "exact flow compiled iff linear" ]

/// Random expressions over x, y, z with numbers that exercise the identities (0, −0, 1, −1) and conditions.
let private expression: Gen<Expr> =
    let leaf =
        Gen.oneof
            [ Gen.elements [ Name "x"; Name "y"; Name "z" ]
              Gen.elements [ 0.0; -0.0; 1.0; -1.0; 0.5; 2.0; 3.0; 1e308 ]
              |> Gen.map Expr.number
              Generators.floatBetween -10.0 10.0 |> Gen.map Expr.number ]

    let binary = Gen.elements [ Add; Subtract; Multiply; Divide; Power ]

    let unary = Gen.elements [ Exp; Log; Sqrt; Abs; Sin; Cos; Tanh; Exprel ]

    let comparison =
        Gen.elements [ Less; LessOrEqual; Greater; GreaterOrEqual; Equal; NotEqual ]

    let rec value size =
        if size <= 0 then
            leaf
        else
            let sub = value (size / 2)

            Gen.oneof
                [ leaf
                  sub |> Gen.map Negate
                  Gen.map3 (fun op a b -> Binary(op, a, b)) binary sub sub
                  Gen.map2 (fun f a -> Call(f, [ a ])) unary sub
                  Gen.map3 (fun f a b -> Call(f, [ a; b ])) (Gen.elements [ Pow; Min; Max ]) sub sub
                  Gen.map3 (fun c a b -> Conditional(c, a, b)) (condition size) sub sub ]

    and condition size =
        let compare =
            Gen.map3 (fun op a b -> Compare(op, a, b)) comparison (value (size / 2)) (value (size / 2))

        Gen.oneof
            [ compare
              Gen.map3 (fun op a b -> Logical(op, a, b)) (Gen.elements [ And; Or ]) compare compare
              compare |> Gen.map Not ]

    Gen.sized (fun s -> value (min s 24))

let private special =
    Gen.elements [ 0.0; -0.0; 1.0; -1.0; infinity; -infinity; nan; 1e-300; 2.5; -7.0 ]

let private simplification =
    testProp
        "never changes a value, bit for bit, for any values of the names"
        (Gen.zip expression (Gen.arrayOfLength 3 special))
    <| fun (e, values) ->
        let look (n: string) = values[int n[0] - int 'x']
        let simplified = Simplify.expression e

        let before, after =
            Interpreter.evaluate look e, Interpreter.evaluate look simplified
        // NaN against NaN: IEEE 754 does not specify which NaN payload an operation returns.
        if not (Double.IsNaN before && Double.IsNaN after) then
            sameBits (sprintf "%A -> %A" e simplified) before after

let private simplificationExamples =
    testCase "folds constants and exact identities only"
    <| fun () ->
        let x = Name "x"
        let half = Expr.number 0.5
        Expect.equal (Simplify.expression (Binary(Multiply, x, Binary(Add, half, half)))) x "x·(0.5 + 0.5)"
        Expect.equal (Simplify.expression (Binary(Subtract, x, Expr.number 0.0))) x "x − 0"

        for e in
            [ Binary(Add, x, Expr.number 0.0)
              Binary(Multiply, Expr.number 0.0, x)
              Binary(Subtract, x, x) ] do
            Expect.equal (Simplify.expression e) e "not exact for x = −0, ∞ or NaN"

/// exprel'(x) = Σ (k+1) x^k/(k+2)! in decimal arithmetic (28 digits), for x exactly representable in both.
let private exprelDerivativeReference (x: decimal) =
    let mutable term = 0.5m // x^k/(k+2)! at k = 0
    let mutable sum = 0.0m

    for k in 0..80 do
        sum <- sum + decimal (k + 1) * term
        term <- term * x / decimal (k + 3)

    float sum

let private exprelDerivativeAt (x: float) =
    Interpreter.evaluate (fun _ -> x) (Differentiation.exprelDerivative (Name "x"))

let private exprelDerivative =
    testList
        "exprel'"
        [ testCase "is within 16 ulp of a 28-digit series on [−8, 8]"
          <| fun () ->
              let worst =
                  [ -512 .. 512 ]
                  |> List.map (fun k ->
                      let expected = exprelDerivativeReference (decimal k / 64m)
                      abs (exprelDerivativeAt (float k / 64.0) - expected) / abs expected / epsilon)
                  |> List.max

              printfn "exprel' worst relative error on [-8, 8]: %.2f eps" worst
              Expect.isLessThanOrEqual worst 16.0 "relative error in units of ε"

          testCase "is 1/2 at 0 and matches (x e^x − e^x + 1)/x² where that has no cancellation"
          <| fun () ->
              Expect.equal (exprelDerivativeAt 0.0) 0.5 "limit"

              for x in [ -700.0; -100.0; -20.0; -8.5; 8.5; 20.0; 100.0; 700.0 ] do
                  let closed = (x * exp x - exp x + 1.0) / (x * x)

                  Expect.floatClose
                      { absolute = 0.0; relative = 1e-14 }
                      (exprelDerivativeAt x)
                      closed
                      (sprintf "x = %g" x) ]

[<Tests>]
let tests =
    testList
        "EquationCompiler"
        [ testList "Compiler" (interpreterAgrees @ [ izhikevichReset ])
          testList "Differentiation" (jacobianTests @ [ exprelDerivative ])
          testList "ExactFlow" (singleVariableFlow @ twoVariableFlow)
          linearity
          testList "Simplify" [ simplification; simplificationExamples ] ]
