namespace NeuronDsl

open System.Runtime.CompilerServices

/// <summary>The 64-bit key of a Philox4x32 bijection: two 32-bit words.</summary>
[<Struct>]
type PhiloxKey =
    {
        /// <summary>Key word 0 (k0 in Random123).</summary>
        Key0: uint32
        /// <summary>Key word 1 (k1 in Random123).</summary>
        Key1: uint32
    }

/// <summary>Four 32-bit words: the counter a Philox4x32 bijection reads, or the random block it returns.</summary>
[<Struct>]
type PhiloxBlock =
    {
        /// <summary>Word 0 (v[0] in Random123).</summary>
        Word0: uint32
        /// <summary>Word 1 (v[1] in Random123).</summary>
        Word1: uint32
        /// <summary>Word 2 (v[2] in Random123).</summary>
        Word2: uint32
        /// <summary>Word 3 (v[3] in Random123).</summary>
        Word3: uint32
    }

/// <summary>
/// The Philox4x32 counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as
/// 1, 2, 3" (SC 2011), as in Random123's <c>philox.h</c>: a keyed bijection of 128-bit counters. Each of its rounds
/// multiplies two words by the constants 0xD2511F53 and 0xCD9E8D57, keeps the high and low halves of the 64-bit
/// products, and XORs the high halves with the other two words and the key; the key is bumped by the Weyl constants
/// 0x9E3779B9 and 0xBB67AE85 between rounds. Ten rounds (Philox4x32-10) pass TestU01's BigCrush with a safety margin.
/// The output is a pure function of key and counter: no state, so any thread may compute any block in any order.
/// </summary>
[<RequireQualifiedAccess>]
module Philox =
    [<Literal>]
    let private Multiplier0 = 0xD2511F53UL

    [<Literal>]
    let private Multiplier1 = 0xCD9E8D57UL

    [<Literal>]
    let private Weyl0 = 0x9E3779B9u

    [<Literal>]
    let private Weyl1 = 0xBB67AE85u

    /// One round: (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0) with hi/lo the halves of M0·c0 and M1·c2.
    let inline private round (k0: uint32) (k1: uint32) (c: PhiloxBlock) =
        let product0 = Multiplier0 * uint64 c.Word0
        let product1 = Multiplier1 * uint64 c.Word2

        { Word0 = uint32 (product1 >>> 32) ^^^ c.Word1 ^^^ k0
          Word1 = uint32 product1
          Word2 = uint32 (product0 >>> 32) ^^^ c.Word3 ^^^ k1
          Word3 = uint32 product0 }

    /// <summary>Philox4x32 with the given number of rounds (Random123's <c>philox4x32_R</c>).</summary>
    /// <param name="rounds">Number of rounds, 1 to 16; 10 is the standard, 7 the smallest that passes BigCrush.</param>
    /// <param name="key">The key.</param>
    /// <param name="counter">The counter.</param>
    /// <returns>The 128-bit random block for this key and counter.</returns>
    /// <exception cref="System.ArgumentException">rounds is outside 1..16.</exception>
    let philox4x32Rounds (rounds: int) (key: PhiloxKey) (counter: PhiloxBlock) : PhiloxBlock =
        if rounds < 1 || rounds > 16 then
            invalidArg "rounds" (sprintf "rounds = %d; expected 1 to 16" rounds)

        let mutable block = round key.Key0 key.Key1 counter
        let mutable k0 = key.Key0
        let mutable k1 = key.Key1

        for _ in 2..rounds do
            k0 <- k0 + Weyl0
            k1 <- k1 + Weyl1
            block <- round k0 k1 block

        block

    /// <summary>Philox4x32-10: the ten-round bijection, unrolled.</summary>
    /// <param name="key">The key.</param>
    /// <param name="counter">The counter.</param>
    /// <returns>The 128-bit random block for this key and counter.</returns>
    /// <example>
    /// <code>
    /// Philox.philox4x32 { Key0 = 0u; Key1 = 0u } { Word0 = 0u; Word1 = 0u; Word2 = 0u; Word3 = 0u }
    /// // evaluates to { Word0 = 0x6627e8d5u; Word1 = 0xe169c58du; Word2 = 0xbc57ac4cu; Word3 = 0x9b00dbd8u }
    /// </code>
    /// </example>
    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    let philox4x32 (key: PhiloxKey) (counter: PhiloxBlock) : PhiloxBlock =
        let k0 = key.Key0
        let k1 = key.Key1

        counter
        |> round k0 k1
        |> round (k0 + Weyl0) (k1 + Weyl1)
        |> round (k0 + 2u * Weyl0) (k1 + 2u * Weyl1)
        |> round (k0 + 3u * Weyl0) (k1 + 3u * Weyl1)
        |> round (k0 + 4u * Weyl0) (k1 + 4u * Weyl1)
        |> round (k0 + 5u * Weyl0) (k1 + 5u * Weyl1)
        |> round (k0 + 6u * Weyl0) (k1 + 6u * Weyl1)
        |> round (k0 + 7u * Weyl0) (k1 + 7u * Weyl1)
        |> round (k0 + 8u * Weyl0) (k1 + 8u * Weyl1)
        |> round (k0 + 9u * Weyl0) (k1 + 9u * Weyl1)
