namespace NeuronDsl.Tests

open NeuronDsl

/// Test models built directly as `Equations` records, before any front-end exists.
module EquationModels =
    let unit (symbol: string) = PhysicalUnit.named symbol
    let one = PhysicalUnit.one
    let ms = unit "ms"
    let mV = unit "mV"
    let q (value: float) (u: PhysicalUnit) = Number(value, u)
    let n (name: string) = Name name
    let num = Expr.number
    let (.+) a b = Binary(Add, a, b)
    let (.-) a b = Binary(Subtract, a, b)
    let (.*) a b = Binary(Multiply, a, b)
    let (./) a b = Binary(Divide, a, b)
    let call f args = Call(f, args)

    let parameter name u value =
        { Name = name
          Unit = u
          Default = value
          Range = ValueRange.any
          Description = name
          Citation = "" }

    let state name u initial =
        { Name = name
          Unit = u
          Initial = initial
          Bounds = ValueRange.any
          Description = name }

    let input name u =
        { Name = name
          Unit = u
          Description = name }

    let definition name u value =
        { Name = name
          Unit = u
          Value = value
          Description = "" }

    let derivative variable rate =
        { Variable = variable
          Rate = rate
          UnlessRefractory = false }

    let empty =
        { Name = "test"
          Description = ""
          Citation = ""
          Parameters = []
          States = []
          Inputs = []
          Definitions = []
          Derivatives = []
          Threshold = None
          Reset = []
          Refractory = None
          Start = InitialValues
          Requirements = [] }

    let check (m: Equations) =
        match Checker.check m with
        | Ok c -> c
        | Error errors -> failwithf "test model does not check: %A" errors

    /// Perfect integrate-and-fire: dV/dt = I/C.
    let integrateAndFire =
        { empty with
            Name = "IF"
            Parameters =
                [ parameter "C" (unit "pF") 250.0
                  parameter "V_th" mV -50.0
                  parameter "V_r" mV -70.0 ]
            States = [ state "V" mV (n "V_r") ]
            Inputs = [ input "I" (unit "pA") ]
            Derivatives = [ derivative "V" (n "I" ./ n "C") ]
            Threshold = Some(Compare(Greater, n "V", n "V_th"))
            Reset =
                [ { Target = "V"
                    Operator = Assign
                    Value = n "V_r" } ] }

    let private lifParameters =
        [ parameter "C" (unit "pF") 250.0
          parameter "R" (unit "Gohm") 0.04
          parameter "E_L" mV -70.0
          parameter "V_th" mV -50.0
          parameter "V_r" mV -65.0 ]

    /// Leaky integrate-and-fire: dV/dt = (I − (V − E_L)/R)/C, in pF, GΩ, mV, pA, ms.
    let leakyIntegrateAndFire =
        { empty with
            Name = "LIF"
            Parameters = lifParameters
            States = [ state "V" mV (n "E_L") ]
            Inputs = [ input "I" (unit "pA") ]
            Derivatives = [ derivative "V" ((n "I" .- ((n "V" .- n "E_L") ./ n "R")) ./ n "C") ]
            Threshold = Some(Compare(Greater, n "V", n "V_th"))
            Reset =
                [ { Target = "V"
                    Operator = Assign
                    Value = n "V_r" } ]
            Refractory = Some(q 2.0 ms) }

    /// LIF with an exponentially decaying synaptic current: triangular A, distinct real eigenvalues.
    let synapticLif =
        { leakyIntegrateAndFire with
            Name = "LIF + exponential synapse"
            Parameters = lifParameters @ [ parameter "tau_s" ms 5.0 ]
            States = [ state "V" mV (n "E_L"); state "I_s" (unit "pA") (q 300.0 (unit "pA")) ]
            Derivatives =
                [ derivative "V" ((n "I" .+ n "I_s" .- ((n "V" .- n "E_L") ./ n "R")) ./ n "C")
                  derivative "I_s" (Negate(n "I_s") ./ n "tau_s") ] }

    /// A linear adaptive neuron: V and w couple both ways, so A may have complex eigenvalues.
    let adaptiveLinear =
        { leakyIntegrateAndFire with
            Name = "linear adaptation"
            Parameters = lifParameters @ [ parameter "a" (unit "nS") 20.0; parameter "tau_w" ms 100.0 ]
            States = [ state "V" mV (n "E_L"); state "w" (unit "pA") (q 0.0 (unit "pA")) ]
            Derivatives =
                [ derivative "V" ((n "I" .- n "w" .- ((n "V" .- n "E_L") ./ n "R")) ./ n "C")
                  derivative "w" (((n "a" .* (n "V" .- n "E_L")) .- n "w") ./ n "tau_w") ] }

    let private perMs (e: Expr) = e ./ q 1.0 ms

    /// exp(−(V − shift)/scale), a pure number.
    let private expOf (shift: float) (scale: float) =
        call Exp [ Negate((n "V" .+ q shift mV) ./ q scale mV) ]

    /// Hodgkin & Huxley (1952), modern convention (rest −65 mV), α_m and α_n through exprel.
    let hodgkinHuxley =
        let area = unit "cm" * unit "cm"

        let gate x =
            (n ("alpha_" + x) .* (num 1.0 .- n x)) .- (n ("beta_" + x) .* n x)

        { empty with
            Name = "HH"
            Parameters =
                [ parameter "C" (unit "uF" / area) 1.0
                  parameter "g_Na" (unit "mS" / area) 120.0
                  parameter "g_K" (unit "mS" / area) 36.0
                  parameter "g_L" (unit "mS" / area) 0.3
                  parameter "E_Na" mV 50.0
                  parameter "E_K" mV -77.0
                  parameter "E_L" mV -54.387 ]
            States =
                [ state "V" mV (q -65.0 mV)
                  state "m" one (num 0.05)
                  state "h" one (num 0.6)
                  state "n" one (num 0.32) ]
            Inputs = [ input "I" (unit "uA" / area) ]
            Definitions =
                [ definition
                      "alpha_m"
                      (one / ms)
                      (perMs (num 1.0 ./ call Exprel [ Negate((n "V" .+ q 40.0 mV) ./ q 10.0 mV) ]))
                  definition "beta_m" (one / ms) (perMs (num 4.0 .* expOf 65.0 18.0))
                  definition "alpha_h" (one / ms) (perMs (num 0.07 .* expOf 65.0 20.0))
                  definition "beta_h" (one / ms) (perMs (num 1.0 ./ (num 1.0 .+ expOf 35.0 10.0)))
                  definition
                      "alpha_n"
                      (one / ms)
                      (perMs (num 0.1 ./ call Exprel [ Negate((n "V" .+ q 55.0 mV) ./ q 10.0 mV) ]))
                  definition "beta_n" (one / ms) (perMs (num 0.125 .* expOf 65.0 80.0))
                  definition
                      "I_Na"
                      (unit "uA" / area)
                      (n "g_Na" .* Binary(Power, n "m", num 3.0) .* n "h" .* (n "V" .- n "E_Na"))
                  definition "I_K" (unit "uA" / area) (n "g_K" .* Binary(Power, n "n", num 4.0) .* (n "V" .- n "E_K"))
                  definition "I_L" (unit "uA" / area) (n "g_L" .* (n "V" .- n "E_L")) ]
            Derivatives =
                [ derivative "V" ((n "I" .- n "I_Na" .- n "I_K" .- n "I_L") ./ n "C")
                  derivative "m" (gate "m")
                  derivative "h" (gate "h")
                  derivative "n" (gate "n") ]
            Threshold = Some(Compare(Greater, n "V", q 0.0 mV)) }

    /// Izhikevich (2003) with v in mV, u and the input in mV/ms; reset v = c; u += d.
    let izhikevich =
        let perMvMs = one / (mV * ms)

        { empty with
            Name = "Izhikevich"
            Parameters =
                [ parameter "a" (one / ms) 0.02
                  parameter "b" (one / ms) 0.2
                  parameter "c" mV -65.0
                  parameter "d" (mV / ms) 8.0
                  parameter "v_peak" mV 30.0 ]
            States = [ state "v" mV (q -65.0 mV); state "u" (mV / ms) (q -13.0 (mV / ms)) ]
            Inputs = [ input "I" (mV / ms) ]
            Derivatives =
                [ derivative
                      "v"
                      ((q 0.04 perMvMs .* Binary(Power, n "v", num 2.0))
                       .+ (q 5.0 (one / ms) .* n "v")
                       .+ q 140.0 (mV / ms)
                       .- n "u"
                       .+ n "I")
                  derivative "u" (n "a" .* ((n "b" .* n "v") .- n "u")) ]
            Threshold = Some(Compare(GreaterOrEqual, n "v", n "v_peak"))
            Reset =
                [ { Target = "v"
                    Operator = Assign
                    Value = n "c" }
                  { Target = "u"
                    Operator = AddAssign
                    Value = n "d" } ] }

    /// LIF whose input is switched on at t = 10 ms: uses t, so it is not eligible for the exact flow.
    let timedLif =
        { leakyIntegrateAndFire with
            Derivatives =
                [ derivative
                      "V"
                      ((Conditional(Compare(Greater, n "t", q 10.0 ms), n "I", q 0.0 (unit "pA"))
                        .- ((n "V" .- n "E_L") ./ n "R"))
                       ./ n "C") ] }
